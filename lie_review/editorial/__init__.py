"""The editorial workflow: one folder per job an editor does, each with the same inner names
(views, forms, operations, queries, and pure rule modules).

    calls/        calls and the rubric editor
    scores/       a call's review totals and aggregates; ranking (pure): means, calibration, ranks
    queue/        the report queue, and entries following decisions
    decisions/    deciding with a snapshot of the scores; releasing decisions
    assignments/  manual and automatic assignment (plan, pure), reviewers' emails
    dashboard/    the call's case studies filtered, sorted and paged (filters, pure); the panel summary
    case_study/   the editor's case-study page, where assignments and the decision meet

Imports between the folders point one way, each only to those listed before it
(case_study → dashboard, assignments, decisions → queue → scores → calls); every folder may use
the modules beside them here: models, labels, guards (the call lock, edit stamps, refusals),
ordering (positions). progress (what the applicant's pages learn of review and decision, and what
a withdrawal sets going) sits on top beside views: it implements case_studies.stages by calling
into the workflows. The contract is in pyproject.toml and tested.
"""
