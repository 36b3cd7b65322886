"""Realistic case studies for the demo call, written for this project (fictional organisations)."""

CASE_STUDIES: list[dict] = [
    {
        "title": (
            "From Slopes to Screens: A Mountain Tea Cooperative Goes Direct-to-Consumer in Rural "
            "Nantou"
        ),
        "organisation_name": "Cloudridge Highland Tea Cooperative",
        "organisation_type": "msme",
        "economy": "CT",
        "locality": "Lugu Township, Nantou County",
        "forum": "Taipei",
        "sector": "agriculture",
        "summary": (
            "Cloudridge Highland Tea Cooperative brings together 46 small family tea farms on the "
            "hillsides above Lugu Township. Ageing growers were selling almost all of their "
            "oolong to middlemen at low, volatile prices while younger family members moved to "
            "the cities. With support from the county agriculture office, a local university "
            "design programme and a Taipei e-commerce incubator, the cooperative built its own "
            "online shop, traceable QR labels and a tea-picking experience programme. Within "
            "three years farm-gate income rose sharply and eleven young people returned to work "
            "on family farms."
        ),
        "local_challenge": (
            "Lugu's tea economy depends on small, steep plots farmed by households whose average "
            "age is over 62. Wholesale buyers set prices at harvest time, often paying less than "
            "the cost of careful hand-picking, and typhoon damage in 2019 pushed several families "
            "close to abandoning their land. Young people saw no future in tea and left for "
            "Taichung or Taipei, leaving schools and shops in the township struggling. Growers "
            "had no shared brand, no data about their customers and little experience with "
            "digital tools or direct sales."
        ),
        "solution": (
            "The cooperative pooled members' tea under one brand with three quality grades and "
            "introduced a shared processing calendar so that small lots could be roasted and "
            "packed consistently. Each bag carries a QR code linking to the farm, altitude, "
            "picking date and the grower's story. An online shop with subscription boxes sells "
            "directly to consumers in Taipei, Singapore and Japan, and weekend tea-picking stays "
            "are booked through the same platform. Returning youth run photography, customer "
            "service and logistics, while senior growers lead tasting sessions and field tours."
        ),
        "ecosystem_partners": (
            "Nantou County Agriculture Department co-funded the shared roasting equipment and "
            "organic conversion training. A design school at a nearby national university ran a "
            "semester-long studio with students to create the brand, packaging and storytelling. "
            "A Taipei-based e-commerce incubator provided six months of mentoring on payments, "
            "cross-border shipping and social media marketing. The township farmers' association "
            "handles pesticide residue testing, a local bed-and-breakfast network hosts visitors, "
            "and a regional bank offered a low-interest loan guaranteed by the county."
        ),
        "results": (
            "Between 2021 and 2024 the average price received by members rose from NTD 900 to NTD "
            "1,650 per kilogram, and direct sales now account for 58 percent of revenue. The "
            "online shop has 3,400 repeat customers and 620 active subscriptions. Eleven young "
            "people aged 24 to 35 returned to work on family farms, and the cooperative created "
            "four full-time staff positions. Tea tourism brought about 2,100 visitors in 2024, "
            "generating an estimated NTD 4.2 million for local guesthouses and restaurants. "
            "Seventeen farms have completed organic conversion."
        ),
        "sustainability": (
            "Higher and more stable prices let growers invest in soil care instead of maximising "
            "volume, and seventeen farms now use no synthetic pesticides. Shared roasting "
            "machines reduced electricity use per kilogram by about 20 percent compared with "
            "older household equipment. Packaging moved to compostable inner bags and refillable "
            "tins for subscribers. Economically, the cooperative covers its operating costs from "
            "a 12 percent margin on sales and keeps a reserve fund for typhoon recovery, so it no "
            "longer depends on annual government grants."
        ),
        "inclusiveness": (
            "Most senior growers are women who previously had little say in price negotiations; "
            "seven of the nine board members are now women. The programme deliberately creates "
            "roles for young returnees, including two from Bunun indigenous families in "
            "neighbouring villages. Older farmers who cannot manage digital tools keep full "
            "access to the market because the cooperative handles orders and pays them monthly. "
            "One demonstration farm has accessible paths so that visitors with limited mobility "
            "can join tea-picking experiences."
        ),
        "lessons": (
            "A shared brand only works when quality rules are simple and agreed by members before "
            "launch; the cooperative spent a full season on grading before opening the shop. "
            "Pairing young returnees with senior growers turned a generational gap into a "
            "strength. Public funding was most useful for shared equipment rather than running "
            "costs. The model is being adapted by two fruit-growing cooperatives in Hualien and "
            "Chiayi, and the cooperative has published its grading guide and shop templates for "
            "other rural producer groups."
        ),
        "website": "https://cloudridge-tea.example.org",
        "contact_name": "Chen Yi-ting",
        "contact_email": "yiting.chen@example.org",
        "contact_phone": "+886 49 275 0312",
        "consent_to_publish": True,
        "state": "accepted",
        "applicant": "applicant",
        "applicant_name": "Chen Yi-ting",
    },
    {
        "title": "Taiga Workshop: A Maker Space Reviving Skills and Jobs in a Siberian Timber Town",
        "organisation_name": "Taiga Workshop Maker Space",
        "organisation_type": "incubator",
        "economy": "RUS",
        "locality": "Asino, Tomsk Oblast",
        "forum": "Moscow",
        "sector": "manufacturing",
        "summary": (
            "When the last large sawmill in a small Siberian timber town scaled down, hundreds of "
            "skilled workers lost their jobs and young people began to leave. Taiga Workshop "
            "converted an unused mill building into a community maker space with CNC machines, a "
            "joinery shop and a digital fabrication lab. Backed by the district administration, a "
            "regional polytechnic university and local timber businesses, it helps former mill "
            "workers, students and new entrepreneurs turn timber offcuts into high-value "
            "furniture, toys and building components sold across Russia."
        ),
        "local_challenge": (
            "The town grew around a single sawmill that employed about 1,400 people at its peak. "
            "After restructuring in 2018 fewer than 300 jobs remained, and the population fell by "
            "roughly 12 percent in five years. Skilled carpenters and machine operators had few "
            "options beyond seasonal work, and graduates of the local vocational college left for "
            "Tomsk or Novosibirsk. Large quantities of timber offcuts and sawdust were burned or "
            "dumped, and there was no place for residents to test ideas for new products or "
            "businesses."
        ),
        "solution": (
            "Taiga Workshop leases part of the old mill at a symbolic rent and offers "
            "membership-based access to woodworking machines, CNC routers, laser cutters and 3D "
            "printers. It runs a twelve-week product development programme where teams of former "
            "mill workers and students design items from reclaimed offcuts, build prototypes and "
            "test them with buyers. A shared online storefront and joint stands at trade fairs "
            "help members reach customers in large cities. The space also offers evening courses "
            "in CAD design and small business accounting."
        ),
        "ecosystem_partners": (
            "The district administration provided the building, repaired the heating system and "
            "includes the maker space in its local development strategy. A regional polytechnic "
            "university supplies instructors and sends engineering students for internships. Two "
            "timber companies donate offcuts and buy custom components from member businesses. A "
            "regional small business support centre provides grants of up to RUB 500,000 to "
            "graduates of the programme, and the local vocational college uses the workshop for "
            "practical training. Residents volunteer as mentors and run open days for families."
        ),
        "results": (
            "Since opening in 2021 the maker space has trained 310 people and supported the "
            "launch of 23 small businesses, which together employ 74 people. Member businesses "
            "reported combined sales of RUB 41 million in 2024, with products shipped to 38 "
            "regions. About 180 tonnes of offcuts per year are now used for products instead of "
            "being burned. Enrolment in the vocational college's joinery course rose from 14 to "
            "37 students, and nine graduates chose to stay in the town to work in member "
            "businesses."
        ),
        "sustainability": (
            "Turning offcuts into furniture and toys reduces open burning of wood waste and the "
            "smoke that residents complained about each winter. Remaining sawdust is pressed into "
            "fuel briquettes that heat the building. Economically, membership fees, paid courses "
            "and a small commission on storefront sales cover about 70 percent of operating "
            "costs; the rest comes from the district budget under a five-year agreement. The team "
            "is developing corporate training contracts with timber companies to close the "
            "remaining gap."
        ),
        "inclusiveness": (
            "Around 40 percent of programme participants are former mill workers over 45 who "
            "would otherwise struggle to find new work. Women make up a third of members, many of "
            "them running design and sales for family workshops. Students from the vocational "
            "college get free access, and the space runs weekend clubs for teenagers from "
            "low-income families. The ground floor has been adapted for wheelchair users, and two "
            "members with hearing impairments work as CNC operators with visual alarms installed "
            "on the machines."
        ),
        "lessons": (
            "Reusing an existing industrial building gave the project a symbolic and practical "
            "link to the town's identity and cut start-up costs. Mixing experienced workers with "
            "students worked better than separate programmes, because each group filled gaps in "
            "the other's skills. Having timber companies as both suppliers and customers gave "
            "early businesses stable demand. The model suits other single-industry towns, and the "
            "team has advised two municipalities in Krasnoyarsk Krai that are preparing similar "
            "spaces."
        ),
        "website": "https://taiga-workshop.example.org",
        "contact_name": "Arkady Veselov",
        "contact_email": "arkady.veselov@example.org",
        "contact_phone": "+7 38241 2 17 45",
        "consent_to_publish": True,
        "state": "reviewed",
        "applicant": "arkady",
        "applicant_name": "Arkady Veselov",
    },
    {
        "title": (
            "Baan Rim Nan: A Community-Owned Booking Platform for Village Tourism in Northern "
            "Thailand"
        ),
        "organisation_name": "Baan Rim Nan Community Travel",
        "organisation_type": "startup",
        "economy": "THA",
        "locality": "Nan Province",
        "forum": "Bangkok",
        "sector": "tourism",
        "summary": (
            "Baan Rim Nan is a social enterprise that operates a booking platform owned jointly "
            "by fourteen villages in Nan Province. Villages had welcomed visitors for years but "
            "depended on outside tour agencies that kept most of the income and sent large groups "
            "at the same time. The platform lets each village publish homestays, weaving classes, "
            "farm visits and river trips, set its own prices and manage visitor numbers. Built "
            "with a provincial university and the provincial tourism office, it has raised local "
            "tourism income while protecting community life."
        ),
        "local_challenge": (
            "Nan has rich cultural heritage and forests but some of the lowest household incomes "
            "in Thailand, and many young adults migrate to Bangkok for work. Tourism was growing "
            "after a new air route opened, yet villages received only a small share of visitor "
            "spending. Agencies brought buses to a few famous spots at peak season, creating "
            "crowding and waste, while other villages saw no visitors. Community tourism groups "
            "lacked online visibility, digital payment options and a way to coordinate with each "
            "other."
        ),
        "solution": (
            "The platform offers a shared booking website with mobile-friendly pages in Thai, "
            "English and Chinese. Each participating village has a trained coordinator who "
            "manages listings, calendars and daily visitor limits agreed by the village "
            "committee. Payments are collected online and paid out within seven days, with five "
            "percent of each booking going to a village fund for conservation and elders' "
            "welfare. The startup also runs joint marketing, trains hosts in food safety and "
            "hospitality, and bundles multi-village trips to spread visitors beyond the "
            "best-known locations."
        ),
        "ecosystem_partners": (
            "A provincial university developed the first version of the platform through a "
            "student software project and still hosts it on its servers. The provincial tourism "
            "and sports office promotes the villages at national fairs and helped with homestay "
            "certification. A regional bank branch enabled QR code payments for small hosts. "
            "Local temples and village committees set rules for visitors, while a Bangkok-based "
            "impact investor provided a THB 2.5 million convertible grant. Two hill-tribe "
            "cultural associations advise on respectful presentation of traditions."
        ),
        "results": (
            "In 2024 the platform handled 5,800 bookings and THB 14.6 million in gross sales, of "
            "which 82 percent stayed with village hosts and guides, compared with an estimated 30 "
            "percent under the previous agency model. A total of 118 households earn regular "
            "income from hosting, cooking or guiding. Village funds collected THB 730,000, used "
            "for forest patrols, a waste sorting station and scholarships. Peak-month visitor "
            "numbers at the two most crowded villages fell by 15 percent as bookings spread to "
            "nine less-visited communities."
        ),
        "sustainability": (
            "Daily visitor limits and multi-village routes reduce pressure on forests and rivers, "
            "and every listing must follow a no-single-use-plastic guideline. Village funds pay "
            "for community forest patrols covering about 2,400 hectares. Economically, the five "
            "percent platform fee and a small commission on bundled trips cover staff salaries "
            "and server costs, and the company broke even in its third year. Tourism income "
            "complements farming rather than replacing it, reducing households' exposure to poor "
            "harvests."
        ),
        "inclusiveness": (
            "Two thirds of hosts and coordinators are women, and several villages belong to Hmong "
            "and Mlabri communities whose members lead cultural activities on their own terms. "
            "Young people who returned from Bangkok work as coordinators, photographers and "
            "guides. Elders share knowledge through weaving and cooking sessions and receive a "
            "share of fees. Coordinators support hosts who have no smartphone, so participation "
            "does not depend on digital skills. Selected homestays have ramps and grab rails for "
            "older travellers and guests with disabilities."
        ),
        "lessons": (
            "Community ownership and clear rules set by village committees built trust faster "
            "than any technical feature. The university partnership kept early costs low, but a "
            "dedicated company was needed to provide reliable service and customer support. "
            "Paying hosts quickly mattered more to participation than higher prices. The approach "
            "can be replicated in other rural provinces with existing community tourism groups, "
            "and the team is now working with partners in Loei and Mae Hong Son to adapt the "
            "platform."
        ),
        "website": "https://baanrimnan.example.org",
        "contact_name": "Lamai Chaiwong",
        "contact_email": "lamai.chaiwong@example.org",
        "contact_phone": "+66 54 710 238",
        "consent_to_publish": True,
        "state": "submitted",
        "applicant": "lamai",
        "applicant_name": "Lamai Chaiwong",
    },
    {
        "title": (
            "ColdCatch: Solar-Powered Ice and Cold Storage for Small-Scale Fisherfolk on Bantayan "
            "Island"
        ),
        "organisation_name": "ColdCatch Technologies Inc.",
        "organisation_type": "startup",
        "economy": "PHL",
        "locality": "Bantayan Island, Cebu",
        "forum": "Manila",
        "sector": "agriculture",
        "summary": (
            "ColdCatch is a Cebu-based startup that installs solar-powered ice makers and cold "
            "rooms at fish landing sites run by fisherfolk associations. Small-scale fishers on "
            "Bantayan Island used to lose a large share of their catch to spoilage or sell it "
            "immediately at very low prices, because ice was expensive and often unavailable. "
            "Pay-per-use cold storage, combined with a simple mobile app that links fishers to "
            "restaurants and buyers in Cebu City, has reduced losses and raised incomes while "
            "cutting diesel use."
        ),
        "local_challenge": (
            "Fishing is the main livelihood for thousands of households on Bantayan, but most "
            "fishers use small boats and have no access to reliable refrigeration. Ice was "
            "trucked from the mainland and cost up to PHP 8 per kilogram, and supply was "
            "interrupted during storms and power outages. Fishers sold to a few local traders who "
            "set prices at the landing site. Post-harvest losses were estimated at 25 to 30 "
            "percent of the catch, and falling incomes were pushing young people away from "
            "fishing communities."
        ),
        "solution": (
            "ColdCatch designs containerised units that combine solar panels, battery storage, an "
            "ice maker and a cold room holding up to three tonnes of fish. Units are placed at "
            "landing sites managed by fisherfolk associations, which pay a monthly service fee "
            "from a small charge per kilogram stored. Fishers register their catch through a "
            "basic mobile app or by SMS, and ColdCatch aggregates supply for restaurants, hotels "
            "and processors in Cebu City. Associations receive training on handling, hygiene and "
            "record keeping."
        ),
        "ecosystem_partners": (
            "The municipal government provided land at three landing sites and helped organise "
            "fisherfolk associations. A state university in the Visayas tested the units and "
            "trained association members in fish handling and food safety. The regional office of "
            "the national fisheries agency supports stock monitoring and promotes responsible "
            "fishing. A rural bank offers small loans to associations, a solar installer in Cebu "
            "maintains the systems, and an international development fund financed the first two "
            "units through a blended grant and loan."
        ),
        "results": (
            "Four units have operated since 2022, serving 540 registered fishers in six "
            "barangays. Post-harvest losses among users fell from about 28 percent to under 8 "
            "percent. Average prices received by fishers rose by 35 percent because they can hold "
            "their catch and sell to higher-value buyers. The units produce around 900 tonnes of "
            "ice a year without diesel generators, avoiding an estimated 210 tonnes of carbon "
            "dioxide emissions annually. Associations have earned PHP 1.9 million in service "
            "income, which funds maintenance and a member savings scheme."
        ),
        "sustainability": (
            "Replacing diesel-based ice production and transport with solar energy lowers "
            "emissions and fuel costs, and the units keep working during grid outages after "
            "typhoons. Better storage reduces waste, so fishers do not need to catch more to earn "
            "the same income, easing pressure on reef fish stocks. Associations take part in "
            "catch monitoring and respect local closed seasons. ColdCatch earns revenue from "
            "service fees and a margin on aggregated sales, and each unit pays back its cost in "
            "about four years."
        ),
        "inclusiveness": (
            "Women play a central role in sorting, processing and selling fish, and they hold 60 "
            "percent of the association officer posts that manage the units. Elderly fishers who "
            "can no longer travel to distant markets reach buyers through their association. The "
            "SMS option lets fishers without smartphones take part. ColdCatch hires and trains "
            "local youth as technicians, and two units serve remote islets that previously had no "
            "ice supply at all, reducing the isolation of these communities."
        ),
        "lessons": (
            "Technology alone was not enough: the units succeeded where associations were well "
            "organised and had clear rules on fees and access. Giving fisherfolk responsibility "
            "for day-to-day operations built trust and reduced misuse. Blended finance was "
            "essential for the first installations, while later units were funded through loans "
            "repaid from service fees. The model suits other coastal and island communities "
            "across the Philippines and the region, and ColdCatch has begun pilots in Samar and "
            "Bohol."
        ),
        "website": "https://coldcatch.example.org",
        "contact_name": "Carmela Reyes",
        "contact_email": "carmela.reyes@example.org",
        "contact_phone": "+63 32 460 1187",
        "consent_to_publish": True,
        "state": "accepted",
        "applicant": "applicant",
        "applicant_name": "Carmela Reyes",
    },
    {
        "title": (
            "Okumizu Care Link: A Tele-Health Network for Elderly Residents of a Depopulating "
            "Mountain Town"
        ),
        "organisation_name": "Okumizu Town Health and Welfare Division",
        "organisation_type": "local_government",
        "economy": "JPN",
        "locality": "Okumizu Town, Shimane Prefecture",
        "forum": None,
        "sector": "health",
        "summary": (
            "Okumizu is a mountain town where almost half of the residents are over 65 and the "
            "nearest hospital is an hour's drive away. The town's health and welfare division "
            "created Okumizu Care Link, a tele-health and community care network that connects "
            "elderly people at home with nurses, doctors and neighbours. Using simple tablets, "
            "home sensors and regular video consultations, and supported by a local startup, a "
            "regional medical university and community volunteers, the network has reduced "
            "emergency transport and helped older residents stay independent for longer."
        ),
        "local_challenge": (
            "The town's population has fallen to about 4,300, and 47 percent are aged 65 or over. "
            "Many live alone in scattered hamlets with limited bus services. There is one clinic "
            "with a single doctor, and the regional hospital is 45 kilometres away along winding "
            "roads that become dangerous in winter snow. Family members often live in Osaka or "
            "Hiroshima and worry about their parents' safety. The town faced rising emergency "
            "calls, staff shortages in home care and the risk of older residents moving away to "
            "care facilities."
        ),
        "solution": (
            "Participating households receive a tablet with large buttons and a simplified "
            "interface, a blood pressure monitor and motion sensors that detect unusual "
            "inactivity. Nurses at the town clinic review the data daily and hold weekly video "
            "check-ins, while the regional medical university provides remote specialist "
            "consultations twice a month. A volunteer network of neighbours, postal workers and "
            "shop owners receives alerts when a resident may need help. Families can see a simple "
            "daily status and join calls from anywhere."
        ),
        "ecosystem_partners": (
            "The town health and welfare division leads the project and funds devices through a "
            "national regional revitalisation grant. A regional medical university provides "
            "specialists and evaluates health outcomes. A startup from Matsue designed the sensor "
            "system and interface and maintains it under a service contract. The clinic, the "
            "social welfare council and the fire department coordinate responses to alerts. The "
            "post office, the agricultural cooperative shop and 85 resident volunteers form the "
            "watch network, and a telecom provider improved mobile coverage in three hamlets."
        ),
        "results": (
            "Since 2021, 612 residents aged 65 and over have joined, about 30 percent of the "
            "town's elderly population. Emergency ambulance calls from participants fell by 22 "
            "percent, and hospital admissions for dehydration and falls dropped by 18 percent. "
            "Nurse travel time was reduced by 14 hours a week. In a 2024 survey, 89 percent of "
            "participants said they felt safer living at home, and 41 households reported that "
            "the network helped them delay or avoid moving a relative into residential care."
        ),
        "sustainability": (
            "Remote monitoring reduces long car trips by nurses and families, cutting fuel use "
            "and emissions, and devices are leased and refurbished rather than replaced. "
            "Economically, the town estimates savings of about JPY 38 million a year in emergency "
            "transport and care costs, which exceed the JPY 26 million annual operating cost. The "
            "startup has turned the system into a product now used by three other municipalities, "
            "which lowers costs for Okumizu through shared development and maintenance."
        ),
        "inclusiveness": (
            "The project focuses on older people living alone, most of whom are women over 75. "
            "The interface was co-designed with residents, including people with visual and "
            "hearing impairments, and offers large text, voice prompts and captions. Households "
            "without internet receive a mobile router free of charge. Volunteers include high "
            "school students who earn community service credits, strengthening links between "
            "generations. Care managers ensure that residents with dementia take part with the "
            "consent and support of their families."
        ),
        "lessons": (
            "Trust in the local nurses was the key to uptake: technology was introduced through "
            "existing relationships rather than as a new service. Co-design sessions revealed "
            "that a single large 'I am fine' button mattered more than advanced features. Clear "
            "rules on data access for families and volunteers prevented privacy concerns. The "
            "model suits other ageing rural areas, provided there is at least one local health "
            "professional who can act as the central point of the network."
        ),
        "website": "https://okumizu-carelink.example.org",
        "contact_name": "Haruka Nishida",
        "contact_email": "haruka.nishida@example.org",
        "contact_phone": "+81 854 72 0145",
        "consent_to_publish": True,
        "state": "reviewed",
        "applicant": "haruka",
        "applicant_name": "Haruka Nishida",
    },
    {
        "title": "Paddy Living Lab: University-Led Smart Farming with Smallholder Rice Farmers in Kedah",
        "organisation_name": "Paddy Living Lab, Northern Plains University of Technology",
        "organisation_type": "university",
        "economy": "MAS",
        "locality": "Kubang Pasu, Kedah",
        "forum": "Bangkok",
        "sector": "agriculture",
        "summary": (
            "The Paddy Living Lab is a university-led partnership that tests smart farming tools "
            "directly on smallholder rice fields in northern Kedah. Researchers, farmers, the "
            "district agriculture office and local technology firms work together on 400 hectares "
            "of paddy to trial soil sensors, drone spraying, water level monitoring and a farm "
            "advisory app. Instead of testing technology on isolated research plots, the lab lets "
            "farmers decide which tools are adopted. Participating farmers have increased yields, "
            "reduced input costs and improved water use."
        ),
        "local_challenge": (
            "Kedah is known as Malaysia's rice bowl, but most farmers work plots of two to three "
            "hectares and their average age is above 60. Yields have stagnated, fertiliser and "
            "pesticide costs have risen, and irregular rainfall has made water scheduling "
            "difficult. Younger people see rice farming as unprofitable and physically demanding. "
            "Many digital farming products were designed for large estates and did not fit "
            "smallholders' budgets or practices, while extension officers struggle to visit every "
            "farm regularly."
        ),
        "solution": (
            "The living lab divides the pilot area into blocks managed by farmer groups, each "
            "testing low-cost soil moisture and water level sensors, drone services for precise "
            "fertiliser and pesticide application, and an advisory app in Malay that sends pest "
            "and weather alerts. Students and researchers collect data and meet farmers monthly "
            "to review results in the field. Tools that prove useful are offered as shared "
            "services run by a farmer cooperative, so individual farmers do not have to buy "
            "expensive equipment."
        ),
        "ecosystem_partners": (
            "The university's agrotechnology faculty coordinates the lab and provides research "
            "staff and students. The district agriculture office and the regional irrigation "
            "authority share water and yield data and adjust irrigation schedules. Three "
            "Malaysian agritech startups supply sensors, drone services and the advisory app at "
            "reduced cost in exchange for field testing. A farmers' cooperative runs the shared "
            "services, an agricultural bank finances drone service teams, and the state economic "
            "planning unit includes the lab in its food security plan."
        ),
        "results": (
            "Across three seasons, 186 farmers have taken part. Average yields in the pilot "
            "blocks rose from 4.1 to 5.3 tonnes per hectare, while fertiliser use fell by 18 "
            "percent and pesticide use by 30 percent thanks to targeted drone application. "
            "Irrigation water use fell by about 15 percent through sensor-guided alternate "
            "wetting and drying. The cooperative's drone team of eight young locals now serves "
            "1,100 hectares, including farms outside the pilot area, and net income rose by about "
            "MYR 1,400 per hectare per season."
        ),
        "sustainability": (
            "Precise fertiliser and pesticide use reduces runoff into canals and protects fish "
            "and birds in the surrounding wetlands. Alternate wetting and drying lowers methane "
            "emissions from flooded paddy fields, which the university is measuring with "
            "partners. Economically, the shared services are financed by per-hectare fees that "
            "are lower than the savings farmers make on inputs. The startups gain real-world data "
            "and paying customers, giving them a commercial reason to stay involved after "
            "research funding ends."
        ),
        "inclusiveness": (
            "The lab recruits young people from farming families as drone pilots and data "
            "assistants, offering paid work and certifications that make farming a more "
            "attractive career. Women farmers, who manage about a quarter of the plots, sit on "
            "each block committee and receive training on the app. Older farmers who prefer not "
            "to use smartphones get advice through group meetings and printed weekly notices. The "
            "shared service model ensures that the smallest and poorest farmers can use new "
            "technology without taking on debt."
        ),
        "lessons": (
            "Testing technology on real farms, with farmers involved in decisions, led to much "
            "higher adoption than earlier demonstrations. Some tools, such as costly "
            "multispectral imaging, were dropped because farmers saw little value in them. A "
            "cooperative-run service model was crucial for affordability. The living lab approach "
            "can be applied to other crops and regions, and the university is preparing a toolkit "
            "for other universities in Malaysia and ASEAN that want to set up living labs with "
            "farming communities."
        ),
        "website": "https://paddy-livinglab.example.org",
        "contact_name": "Nurul Aina Kamaruddin",
        "contact_email": "nurul.aina@example.org",
        "contact_phone": "+60 4 917 2260",
        "consent_to_publish": True,
        "state": "submitted",
        "applicant": "applicant",
        "applicant_name": "Nurul Aina Kamaruddin",
    },
    {
        "title": "Second Stitch: Turning Tailoring Waste into Design Products in Hoi An",
        "organisation_name": "Second Stitch Upcycling Workshop",
        "organisation_type": "msme",
        "economy": "VN",
        "locality": "Hoi An, Quang Nam Province",
        "forum": "Bangkok",
        "sector": "creative",
        "summary": (
            "Second Stitch is a small social enterprise in Hoi An that collects fabric offcuts "
            "from the town's tailoring shops and turns them into bags, quilts, lanterns and home "
            "accessories. Hoi An's famous tailoring trade produces tonnes of textile waste each "
            "year, much of which was burned or sent to landfill. Working with the city's "
            "environment office, the tailoring association, a design college and the women's "
            "union, Second Stitch has created jobs for women from nearby rural communes while "
            "reducing waste and offering visitors a sustainable souvenir."
        ),
        "local_challenge": (
            "Hundreds of tailoring shops in Hoi An make made-to-measure clothing for visitors, "
            "generating an estimated 10 tonnes of fabric offcuts per month. The city's landfill "
            "is near capacity, and burning textile waste pollutes the air. Women in rural "
            "communes around the city have limited income opportunities beyond seasonal farming "
            "and low-paid hotel work, especially after tourism collapsed during the pandemic. "
            "Souvenir shops were dominated by mass-produced items that offered little to local "
            "makers."
        ),
        "solution": (
            "Second Stitch arranges weekly collection of offcuts from partner tailoring shops, "
            "sorts them by fabric type and colour, and passes them to home-based and "
            "workshop-based artisans. Designers from a local college develop product lines that "
            "combine traditional patchwork and lantern-making techniques with modern designs. "
            "Products are sold through a shop in the old town, hotel boutiques and an online "
            "store. Visitors can join workshops to make their own patchwork pieces, and partner "
            "tailors display a label showing that they recycle their waste."
        ),
        "ecosystem_partners": (
            "The city's natural resources and environment office provides collection bins and "
            "includes textile recycling in its waste reduction plan. The local tailoring "
            "association encourages members to take part, and 64 shops now do so. A design "
            "college in Da Nang sends students to develop new collections each year. The "
            "provincial women's union recruits and trains artisans from rural communes, a "
            "microfinance programme provides small loans for sewing machines, and several hotels "
            "sell products and host workshops for their guests."
        ),
        "results": (
            "Since 2022 Second Stitch has collected about 48 tonnes of fabric offcuts, of which "
            "70 percent became products and the rest went to a mattress filling manufacturer. The "
            "enterprise employs 12 staff and works with 56 home-based artisans, who earn on "
            "average VND 4.5 million per month, roughly double their previous income. Annual "
            "sales reached VND 3.8 billion in 2024. More than 2,600 visitors have joined "
            "patchwork workshops, and partner tailors report that the recycling label attracts "
            "customers."
        ),
        "sustainability": (
            "Diverting textile waste from landfill and burning reduces air pollution and methane "
            "emissions, and Second Stitch buys no new fabric, only threads and fasteners. "
            "Products are designed to be durable and repairable. Economically, the enterprise "
            "earns revenue from product sales and workshops, and collection costs are shared with "
            "tailoring shops, which save on waste disposal fees. Artisans earn steady income "
            "throughout the year, helping households cope with the seasonality of tourism and "
            "agriculture."
        ),
        "inclusiveness": (
            "Almost all artisans are women, many from farming households in rural communes, and "
            "several are single mothers or carers who work from home on flexible schedules. Four "
            "artisans with disabilities work in an adapted workshop with accessible tables and "
            "transport support. Older women who hold traditional sewing and lantern-making skills "
            "train younger makers, passing on cultural knowledge. The enterprise publishes its "
            "piece rates openly, and artisans take part in deciding on new product designs."
        ),
        "lessons": (
            "Starting with a small group of committed tailoring shops and showing visible results "
            "made it easier to bring in others. A clear label for participating shops gave them a "
            "marketing benefit and turned recycling into a selling point. Partnering with the "
            "women's union built trust in rural communes. The model could be replicated in other "
            "tourist towns with craft or garment industries, and the enterprise is documenting "
            "its sorting system and product patterns so that others can adapt them."
        ),
        "website": "https://second-stitch.example.org",
        "contact_name": "Nguyen Minh Anh",
        "contact_email": "minhanh.nguyen@example.org",
        "contact_phone": "+84 235 386 1472",
        "consent_to_publish": True,
        "state": "draft",
        "applicant": "minhanh",
        "applicant_name": "Nguyen Minh Anh",
    },
    {
        "title": (
            "Awana Trace: Digital Traceability for Indigenous Alpaca Weavers in the Peruvian "
            "Highlands"
        ),
        "organisation_name": "Awana Andean Weavers Network",
        "organisation_type": "ngo",
        "economy": "PE",
        "locality": "Puno Region",
        "forum": None,
        "sector": "creative",
        "summary": (
            "The Awana Andean Weavers Network links 22 indigenous weaving groups in the Puno "
            "highlands with buyers who value authentic, traceable alpaca textiles. Weavers "
            "traditionally sold to intermediaries at low prices, while imitations undercut their "
            "work in tourist markets. The network introduced a digital traceability label that "
            "records the community, the weaver and the natural dyes used for each piece, "
            "alongside training in design, pricing and export. Supported by a regional "
            "university, the regional government and a design company, it has increased weavers' "
            "incomes and strengthened cultural identity."
        ),
        "local_challenge": (
            "Alpaca herding and weaving are central to Quechua and Aymara communities around Lake "
            "Titicaca, but families earn little from them. Fibre is sold raw at low prices, and "
            "finished textiles are often bought by intermediaries who resell them in Cusco or "
            "abroad at many times the price. Machine-made imitations labelled as handmade damage "
            "the reputation of genuine products. Communities above 3,800 metres face a harsh "
            "climate, poor roads and weak internet, and young people often migrate to Juliaca, "
            "Arequipa or Lima."
        ),
        "solution": (
            "Each textile receives a woven tag with a QR code and a short code that can be "
            "checked online even with weak connections. The record shows the community, the "
            "weaver's name and photograph if she agrees, the alpaca herd, the dye plants used and "
            "hours of work. The network negotiates fair prices with fashion brands, galleries and "
            "tourism shops, and runs a collective online store. It also offers workshops on "
            "design trends, quality control and export paperwork, while weavers decide which "
            "traditional designs may be shared publicly."
        ),
        "ecosystem_partners": (
            "A regional public university tests fibre quality and documents traditional dye "
            "techniques with communities. The regional government's production directorate helped "
            "register a collective trademark and finances participation in trade fairs. A design "
            "company in Lima co-creates collections with weavers and buys a guaranteed minimum "
            "volume each year. Community assemblies approve participation and protect rights to "
            "traditional designs. A rural microfinance institution provides working capital, and "
            "a telecom cooperative installed satellite internet at three community centres."
        ),
        "results": (
            "Between 2021 and 2024 the network sold 9,300 traceable pieces, with total sales of "
            "PEN 2.7 million. Average monthly income from weaving for participating women rose "
            "from about PEN 250 to PEN 620. The share of the final price reaching weavers "
            "increased from an estimated 15 percent to 45 percent. Three international buyers now "
            "sign annual contracts. Forty-five young people have been trained in design and "
            "digital marketing, and the collective trademark has been used to challenge two cases "
            "of misleading labelling."
        ),
        "sustainability": (
            "The network promotes natural dyes from local plants and trains families in pasture "
            "management to reduce overgrazing of fragile highland grasslands. Traceability "
            "encourages buyers to value quality over quantity, which supports smaller, healthier "
            "herds. Economically, a 10 percent commission on sales funds staff and the online "
            "store, and the network aims to be fully self-financing by 2026. A wider mix of "
            "buyers and annual contracts make incomes more predictable than sales to "
            "intermediaries."
        ),
        "inclusiveness": (
            "Almost all weavers are indigenous Quechua and Aymara women, many of them older women "
            "who are the main holders of weaving knowledge. Community assemblies decide how "
            "designs and stories are shared, respecting collective cultural rights. Training is "
            "delivered in Quechua, Aymara and Spanish. Young people, including young men "
            "returning from cities, work in design, photography and online sales. Remote "
            "communities without roads send textiles through monthly collection trips organised "
            "by the network, so distance does not exclude them."
        ),
        "lessons": (
            "Traceability works only if communities control the information and see direct "
            "benefits; an early pilot that shared too much personal data caused concern and was "
            "revised. Collective trademarks and annual contracts gave more protection than "
            "certification alone. Low-bandwidth tools were essential in remote areas. The model "
            "could be adapted to other indigenous craft traditions across the Andes, but it needs "
            "strong community governance and time to build trust before any technology is "
            "introduced."
        ),
        "website": "https://awana-weavers.example.org",
        "contact_name": "Killa Mamani Huanca",
        "contact_email": "killa.mamani@example.org",
        "contact_phone": "+51 51 364 812",
        "consent_to_publish": False,
        "state": "waitlisted",
        "applicant": "killa",
        "applicant_name": "Killa Mamani Huanca",
    },
    {
        "title": (
            "Island Power: A Community Energy Cooperative for Off-Grid Islands in the Chiloé "
            "Archipelago"
        ),
        "organisation_name": "Lemuy Community Energy Cooperative",
        "organisation_type": "other",
        "economy": "CHL",
        "locality": "Chiloé Archipelago, Los Lagos Region",
        "forum": "Manila",
        "sector": "energy",
        "summary": (
            "The Lemuy Community Energy Cooperative was formed by residents of small islands in "
            "the Chiloé Archipelago who depended on noisy, expensive diesel generators for "
            "electricity. With support from the municipality, a regional university and a "
            "renewable energy company, the cooperative installed solar and small wind microgrids "
            "with battery storage. It now supplies reliable power to households, schools and "
            "small businesses such as smokehouses and knitwear workshops. The project has lowered "
            "energy costs, cut emissions and opened new economic opportunities for island "
            "families."
        ),
        "local_challenge": (
            "Several small islands in the archipelago are not connected to the main grid. "
            "Residents relied on diesel generators running only a few hours each evening, and "
            "fuel had to be brought by boat, making electricity up to four times more expensive "
            "than on the mainland. Limited power restricted refrigeration, internet access and "
            "small-scale processing of seafood and wool. Many young people left for Castro or "
            "Puerto Montt, and the islands' population was ageing. Storms often delayed fuel "
            "deliveries for days."
        ),
        "solution": (
            "The cooperative designed community microgrids combining solar panels, two small wind "
            "turbines and lithium battery storage, keeping diesel only as emergency backup. "
            "Members own the system collectively and pay tariffs based on smart meter readings. "
            "Local technicians trained by the university maintain the equipment. The cooperative "
            "also offers small loans for efficient appliances and has created shared cold storage "
            "for smoked mussels and fish. Surplus daytime power runs a community laundry and a "
            "small internet centre."
        ),
        "ecosystem_partners": (
            "The municipality provided land and helped secure funding from a national rural "
            "electrification programme. A regional university in Los Lagos carried out energy "
            "demand studies and trained eight local technicians. A Chilean renewable energy "
            "company installed the equipment and provides remote monitoring. The regional "
            "fisheries office supports the cooperative's processing activities, a community "
            "foundation contributed to the appliance loan fund, and the local school uses the "
            "system as a learning tool for students."
        ),
        "results": (
            "Three microgrids now serve 214 households, two schools and 19 small businesses. "
            "Electricity is available 24 hours a day, compared with four to six hours before. "
            "Average household energy costs fell by 45 percent, and diesel use dropped by about "
            "82 percent, avoiding roughly 310 tonnes of carbon dioxide per year. Eleven new small "
            "businesses, including two seafood smokehouses and a knitwear workshop, have started "
            "since 2022. School attendance improved, and six young families have moved back to "
            "the islands."
        ),
        "sustainability": (
            "Replacing most diesel generation with solar and wind reduces emissions, noise and "
            "the risk of fuel spills in sensitive marine areas. Batteries are covered by a "
            "take-back and recycling agreement with the supplier. Economically, tariffs cover "
            "maintenance, technician salaries and a battery replacement fund, so the cooperative "
            "does not rely on ongoing subsidies. Cheaper, reliable power has enabled new "
            "businesses and reduced the share of household budgets spent on fuel, keeping more "
            "money in the local economy."
        ),
        "inclusiveness": (
            "The cooperative follows a one member, one vote rule, and half of its board members "
            "are women, including leaders of local knitting and seafood processing groups. Older "
            "residents living alone benefit from reliable lighting, heating support and "
            "refrigerated medicines. Several members belong to Huilliche indigenous communities, "
            "and the cooperative consulted their councils on siting the wind turbines. Young "
            "people trained as technicians now have skilled jobs on the islands, and the internet "
            "centre supports remote learning."
        ),
        "lessons": (
            "Community ownership created a strong sense of responsibility and reduced conflicts "
            "over tariffs. Training local technicians was essential to avoid long outages when "
            "outside experts could not travel. The project took longer than planned because of "
            "permits and the transport of equipment to the islands, so realistic timelines are "
            "important. The model can be adapted for other off-grid islands and remote coastal "
            "communities, especially where diesel costs are high and cooperative traditions are "
            "strong."
        ),
        "website": "https://lemuy-energy.example.org",
        "contact_name": "Tomás Aguilera Vidal",
        "contact_email": "tomas.aguilera@example.org",
        "contact_phone": "+56 65 268 4411",
        "consent_to_publish": False,
        "state": "rejected",
        "applicant": "tomas",
        "applicant_name": "Tomás Aguilera Vidal",
    },
    {
        "title": "Tequio Finanzas: Digital Savings Groups for Women Micro-Entrepreneurs in Oaxaca",
        "organisation_name": "Tequio Finanzas Comunitarias",
        "organisation_type": "startup",
        "economy": "MEX",
        "locality": "Central Valleys, Oaxaca",
        "forum": "Manila",
        "sector": "finance",
        "summary": (
            "Tequio Finanzas is a fintech startup that digitises traditional rotating savings "
            "groups, known locally as tandas, for women micro-entrepreneurs in the Central "
            "Valleys of Oaxaca. Many women running food stalls, craft workshops and small shops "
            "had no bank account or credit history and relied on costly informal lenders. The "
            "startup's app keeps transparent group records, builds a credit profile from savings "
            "behaviour and connects groups with a regional credit union for affordable loans. "
            "Working with the state economic development office and a local university, it has "
            "reached more than 4,000 women."
        ),
        "local_challenge": (
            "In the Central Valleys most small businesses are informal and run by women who "
            "combine trading, crafts and agriculture. Fewer than 30 percent of these women had a "
            "bank account, and informal lenders charged interest of 10 to 20 percent per month. "
            "Traditional tandas were widely used, but records were kept on paper and disputes or "
            "losses were common. Without a credit history, women could not obtain formal loans to "
            "buy equipment or stock, which limited growth and left many households vulnerable."
        ),
        "solution": (
            "The Tequio app allows groups of 8 to 20 women to create a digital tanda, record "
            "contributions and payouts, and receive reminders by messaging app or SMS. Payments "
            "can be made in cash at partner shops or through mobile wallets. After six months of "
            "regular saving, members can apply for small loans from a partner credit union using "
            "their savings history as a credit profile. The startup also offers short financial "
            "education sessions in Spanish and Zapotec, delivered by local promoters in community "
            "centres and markets."
        ),
        "ecosystem_partners": (
            "The state economic development office co-funded outreach and included Tequio in its "
            "programme for women entrepreneurs. A regional credit union provides loans and "
            "savings accounts to members. A public university in Oaxaca helped design the "
            "financial education materials and evaluates impact. A network of 120 neighbourhood "
            "shops acts as cash-in points. Authorities in eight municipalities help organise "
            "sessions, and a women's artisan collective co-designed the app with its members to "
            "make sure it fits real needs."
        ),
        "results": (
            "By the end of 2024, 4,250 women in 312 groups were using the app, with total savings "
            "of MXN 18.5 million. The credit union has disbursed 2,900 loans averaging MXN 9,000, "
            "with a repayment rate of 97 percent. Surveyed members reported a 28 percent average "
            "increase in business income after one year, mainly from buying stock in bulk and "
            "investing in equipment. Use of informal lenders among members fell from 46 percent "
            "to 12 percent, and 1,800 women opened their first formal savings account."
        ),
        "sustainability": (
            "The startup charges a small monthly fee per group and receives a referral fee from "
            "the credit union, which together covered 80 percent of its costs in 2024. Lower "
            "dependence on expensive informal credit makes household finances more resilient. "
            "Several groups have used loans to buy solar dryers for chilli and tomato processing, "
            "efficient stoves for food businesses and rainwater tanks, linking financial "
            "inclusion with environmental benefits. The startup plans to launch green loan "
            "products with the credit union."
        ),
        "inclusiveness": (
            "The service is designed for women with low incomes and limited formal education, "
            "many from Zapotec and Mixtec communities. Materials and voice messages are available "
            "in Zapotec as well as Spanish. Older women who prefer cash take part through shop "
            "agents and group treasurers. Young women from the communities are trained and paid "
            "as promoters, gaining digital and leadership skills. Groups in remote mountain "
            "municipalities can work offline and synchronise their records when they reach a "
            "connection."
        ),
        "lessons": (
            "Building on a trusted, familiar practice like the tanda made adoption much faster "
            "than introducing a new financial product. Local promoters who speak community "
            "languages were essential for trust. Partnering with a regulated credit union rather "
            "than lending directly kept the startup's risk low and gave members protected "
            "savings. The model could be replicated in other regions with strong savings "
            "traditions, adapted to local languages and payment infrastructure."
        ),
        "website": "https://tequio-finanzas.example.org",
        "contact_name": "Ximena Ruiz Santiago",
        "contact_email": "ximena.ruiz@example.org",
        "contact_phone": "+52 951 514 2730",
        "consent_to_publish": True,
        "state": "reviewed",
        "applicant": "ximena",
        "applicant_name": "Ximena Ruiz Santiago",
    },
    {
        "title": "Empty Houses, New Neighbours: A Youth Start-up Village in a Coastal County of Korea",
        "organisation_name": "Bada-ro Rural Youth Incubator",
        "organisation_type": "incubator",
        "economy": "ROK",
        "locality": "Seocheon County, Chungcheongnam-do",
        "forum": "Taipei",
        "sector": "other",
        "summary": (
            "Bada-ro Rural Youth Incubator helps young city dwellers move to a shrinking coastal "
            "county and start small businesses in renovated vacant houses and shops. The county "
            "had hundreds of empty buildings and one of the oldest populations in the province. "
            "The incubator combines affordable housing, a six-month rural business programme, "
            "mentoring by long-time residents and links to county support schemes. Working with "
            "the county office, a university campus, fishing and farming cooperatives and village "
            "elders, it has brought new businesses and families to the area."
        ),
        "local_challenge": (
            "The county's population has fallen by more than a quarter since 2000, and over 38 "
            "percent of residents are aged 65 or older. Elementary schools have closed, and the "
            "old market street has many shuttered shops. There were about 900 vacant houses, some "
            "in good condition but owned by relatives in Seoul who did not know how to rent or "
            "sell them. Young people interested in rural life found it hard to find housing, "
            "build trust with residents or develop viable business ideas."
        ),
        "solution": (
            "The incubator leases vacant houses from owners for ten years, renovates them with "
            "county funds and offers them to participants at low rent. Newcomers join a six-month "
            "programme covering rural business planning, local products, marketing and community "
            "relations, and each is paired with a resident mentor. Businesses open in shared "
            "shops on the old market street, including a seafood bistro, a bakery using local "
            "rice, a guesthouse and a design studio. A monthly night market connects newcomers "
            "with residents and visitors."
        ),
        "ecosystem_partners": (
            "The county office funds renovation and rent support through a national programme for "
            "declining regions and helps with business registration. A national university's "
            "regional campus teaches rural entrepreneurship, and its architecture students help "
            "design renovations. The local fishery and agricultural cooperatives supply "
            "ingredients and advise on product development. The village elders' association "
            "nominates mentors, and a regional bank provides start-up loans with interest support "
            "from the province. An online platform based in Seoul promotes the county to "
            "prospective residents."
        ),
        "results": (
            "Since 2021, 68 young people aged 22 to 39 have completed the programme, and 51 have "
            "stayed in the county, including 14 couples and 9 children. Thirty-one vacant houses "
            "and 12 empty shops have been renovated. Participants launched 27 businesses that "
            "employ 46 people and recorded combined sales of KRW 2.9 billion in 2024. Footfall on "
            "the old market street rose by an estimated 60 percent on night-market days, and a "
            "closed elementary school branch reopened in 2024."
        ),
        "sustainability": (
            "Renovating existing houses rather than building new ones saves materials and "
            "preserves village character, and renovations include insulation, heat pumps and "
            "rooftop solar panels on half of the houses. Several businesses use local seafood and "
            "farm produce, reducing transport and supporting primary producers. Economically, "
            "rents paid by participants are reinvested in further renovations, and successful "
            "businesses repay their start-up loans. The county gains local tax revenue and spends "
            "less on maintaining abandoned buildings."
        ),
        "inclusiveness": (
            "The programme targets young people, and 55 percent of participants are women. "
            "Elderly residents take part as mentors and suppliers, and many report less "
            "loneliness thanks to regular contact with newcomers. Businesses deliver meals and "
            "groceries to older residents living alone. Several houses have been adapted for "
            "accessibility, and one participant who uses a wheelchair runs a design studio from a "
            "ground-floor shop. The night market includes stalls for residents' home-made "
            "products, giving older women a new source of income."
        ),
        "lessons": (
            "Long-term leases with absent owners were the key to unlocking vacant buildings, and "
            "the county's guarantee reassured them. Pairing newcomers with resident mentors "
            "reduced misunderstandings and helped businesses fit local needs. Not everyone stays, "
            "so programmes should plan for turnover rather than treat it as failure. The model "
            "can be replicated in other declining rural and coastal areas, but it requires a "
            "dedicated local team and several years of consistent public support."
        ),
        "website": "https://badaro-incubator.example.org",
        "contact_name": "Park Ji-woo",
        "contact_email": "jiwoo.park@example.org",
        "contact_phone": "+82 41 950 3318",
        "consent_to_publish": True,
        "state": "submitted",
        "applicant": "jiwoo",
        "applicant_name": "Park Ji-woo",
    },
    {
        "title": (
            "Digital Waste Banks: Linking Neighbourhood Recycling to a Packaging Supply Chain in "
            "Yogyakarta"
        ),
        "organisation_name": "Merapi Packaging Group",
        "organisation_type": "large_company",
        "economy": "INA",
        "locality": "Yogyakarta Special Region",
        "forum": "Bangkok",
        "sector": "manufacturing",
        "summary": (
            "Merapi Packaging Group, a regional packaging manufacturer, partnered with "
            "neighbourhood waste banks, city environment agencies and a local university to build "
            "a digital system that links household recycling directly to its factory. Residents "
            "deposit sorted plastic and paper at community waste banks, where deposits are "
            "recorded in a mobile app and credited to savings balances. The company buys the "
            "material at guaranteed prices and recycles it into new packaging. The system has "
            "increased recycling, raised incomes for waste bank members and cut plastic leakage "
            "into rivers."
        ),
        "local_challenge": (
            "Greater Yogyakarta generates large volumes of household waste, and the main regional "
            "landfill has repeatedly reached capacity, leading to temporary closures and piles of "
            "rubbish along streets. Much plastic ends up in rivers and irrigation canals. "
            "Community waste banks existed in many neighbourhoods but relied on paper records, "
            "faced unstable prices from middlemen and struggled to keep volunteers. Informal "
            "waste pickers worked in unsafe conditions with little income security, and "
            "manufacturers lacked a steady supply of clean recycled material."
        ),
        "solution": (
            "The company developed a simple app for waste bank operators to record deposits by "
            "weight and material, with balances visible to residents and convertible into cash, "
            "electricity tokens or school fees. Merapi guarantees minimum purchase prices for "
            "sorted materials, collects them weekly with its own trucks and provides balers to "
            "larger waste banks. A training programme teaches operators bookkeeping and sorting "
            "standards. Data from the app helps the city plan collection routes and identify "
            "neighbourhoods that need new waste banks."
        ),
        "ecosystem_partners": (
            "City and regency environment agencies promote the scheme, register waste banks and "
            "use the data in their waste management plans. A university in Yogyakarta designed "
            "the training curriculum and measures environmental outcomes. More than 140 community "
            "waste banks run by neighbourhood associations, women's groups and mosques form the "
            "backbone of the system. A waste pickers' association negotiated fair prices and "
            "safety equipment for its members, a state-owned bank links balances to savings "
            "accounts, and local schools run recycling education for students."
        ),
        "results": (
            "Since the pilot began in 2022 the network has grown to 146 waste banks with 21,000 "
            "registered households. In 2024 they collected 3,100 tonnes of recyclable materials, "
            "including 1,250 tonnes of plastic used in the company's recycled packaging lines. "
            "Households earned a combined IDR 5.6 billion, and 380 waste pickers now receive "
            "stable prices and protective equipment. The city estimates that the scheme diverts "
            "about 9 percent of household waste from landfill in participating districts, and "
            "river clean-up teams report less plastic in two monitored canals."
        ),
        "sustainability": (
            "Recycling reduces landfill pressure, open burning and plastic pollution in rivers, "
            "and recycled content has cut the company's use of virgin plastic by 22 percent in "
            "participating product lines. Economically, the company secures a reliable supply of "
            "clean material at lower cost than imported recycled resin, while waste banks earn a "
            "margin that covers operator allowances. The company has committed to funding the app "
            "and collection logistics for ten years as part of its extended producer "
            "responsibility plan."
        ),
        "inclusiveness": (
            "Most waste bank operators are women from neighbourhood associations, who gain "
            "income, bookkeeping skills and leadership roles in their communities. Informal waste "
            "pickers, often older residents and migrants from rural areas, are included through "
            "their association rather than pushed out. Balances can pay school fees, which helps "
            "low-income families. Waste banks in peri-urban villages receive the same prices and "
            "collection schedule as those in the city, and youth groups volunteer as app helpers "
            "for older residents."
        ),
        "lessons": (
            "Guaranteed prices mattered more than technology in keeping waste banks active; the "
            "app mainly added trust and transparency. Including waste pickers from the beginning "
            "avoided conflict over materials. A large company can provide stable demand and "
            "logistics, but community groups must keep ownership of the waste banks. The approach "
            "could be replicated in other cities that have community recycling groups and "
            "manufacturers willing to commit to recycled content targets."
        ),
        "website": "https://merapi-packaging.example.org",
        "contact_name": "Rina Kusumawati",
        "contact_email": "rina.kusumawati@example.org",
        "contact_phone": "+62 274 558 190",
        "consent_to_publish": True,
        "state": "draft",
        "applicant": "applicant",
        "applicant_name": "Rina Kusumawati",
    },
]
