# Samverkan's interface in English, the second language.
# Keys starting with "data-" translate data values (which are in Swedish).

site-tagline = against segregation
site-description = Which agencies and other actors work against segregation in Sweden, where do their missions overlap, and which grants can be applied for and by when?
skip-to-content = Skip to content
switch-language = Svenska
nav-label = Main menu
nav-grants = Grants
nav-actors = Actors
nav-calendar = Calendar
nav-overlaps = Overlapping missions
nav-about = About
footer-source = The data comes from Delegationen mot segregation, last updated 22 December 2021.
footer-about = About the service, open data and accessibility
footer-api = Open data API

home-title = Home
home-heading = Working together against segregation
home-lead = See which Swedish agencies and other national actors work on housing, work, education, democracy and civil society, and crime, where their missions overlap, and which grants can be applied for.
home-search-label = Search grants
search-button = Search
home-areas = The five priority areas
home-soon = Deadlines in the next 60 days
home-soon-none = No grant has a deadline in the next 60 days.
home-later = After that
home-changes = Latest changes
home-changes-none = No changes yet.
reference-date = Counted from

change-create = New
change-update = Changed
change-retire = Removed
change-restore = Restored

count-actors = { $count ->
    [one] 1 actor
   *[other] { $count } actors
}
count-grants = { $count ->
    [one] 1 grant
   *[other] { $count } grants
}
days-left = { $days ->
    [0] today
    [1] tomorrow
   *[other] in { $days } days
}

area-kicker = Priority area
area-responsible = National responsibility
area-none-responsible = The source names no agency with national responsibility for this area.
area-contributing = Contributing to the area
area-grants = Grants in this area
area-finder-link = filter them in the grant finder
area-initiatives = Initiatives in this area
none = None.
not-given = Not given in the source
areas-label = Areas
perspectives-label = Perspectives
also-called = Also called
initiative-participants = Taking part

role-responsible = National responsibility
role-contributes = Contributes

kind-myndighet = Government agency
kind-myndighetsgrupp = Group of agencies
kind-medlemsorganisation = Membership organisation
kind-fond = Fund
kind-stiftelse = Foundation
kind-forbund = Federation
kind-organisation = Organisation

actors-title = Actors
actors-lead = Government agencies and other national actors whose missions connect to the work against segregation.
actors-none = No actors match the filter.
actor-mission = Mission
actor-no-mission = The source does not describe this actor's mission; it names it as a giver of grants.
actor-connection = Connection to segregation
actor-areas = Areas
actor-no-areas = The source does not tie this actor to any of the five areas.
actor-grants = Grants this actor gives
actor-no-grants = The source names no grants from this actor.
actor-initiatives = Initiatives
actor-related = Others working in the same areas
actor-no-related = No other actor shares an area or initiative with this one.
verified-label = Last checked
website = Website
no-website = The source gives no web address.
stale-notice = This information was last checked on { $date } and may be out of date.

filter-text = Text
filter-area = Area
filter-role = Role
filter-any-role = Any role
filter-kind = Kind of actor
filter-applicant = Who is applying?
filter-any-applicant = Any applicant
filter-provider = Provider
filter-any-provider = Any provider
filter-status = Status
filter-status-rolling = Rolling
filter-status-upcoming = Has a coming deadline
filter-status-passed = Deadline has passed
filter-status-unknown = Unknown – see the provider's website
filter-within = Deadline within
filter-within-any = Any date
filter-within-days = { $days } days
filter-apply = Filter
filter-show-grants = Show grants
filter-clear = Clear filters
sort-label = Sort by
sort-deadline = Next deadline
sort-relevance = Relevance
sort-title = Name

grants-title = Find grants
grants-lead = State grants and other funding relevant to the work against segregation. Choose an area and who is applying to see what fits you.
grants-none = No grants match the filter.
grant-kicker = Grant
grant-provider = Given by
deadline-label = Deadline
deadline-none = Not given in the source
next-deadline = Next deadline
status-label = Status
status-rolling = Rolling – apply at any time
status-upcoming = Open for applications
status-passed = The deadline has passed
status-unknown = See the provider's website
status-none = The source gives no deadline
grant-passed-notice = The deadline has passed. Check with the provider whether the grant can be applied for again.
grant-statsbidrag = State grant (statsbidrag)
statsbidrag-yes = Yes
statsbidrag-no = No
statsbidrag-unknown = Not given in the source
grant-applicants = Who can apply
grant-dates = Dates
grant-apply = Apply
grant-add-to-calendar = Add to calendar
grant-ics-help = Downloads a calendar file (.ics) with the deadline and a reminder two weeks before.
grant-no-calendar = This grant has no date to put in a calendar.
grant-more = More about the grant from the provider
grant-no-url = The source gives no web address for the grant; search the provider's website.
ics-summary = Application deadline: { $title }
ics-provider = Provider: { $provider }

calendar-title = Calendar
calendar-lead = Deadlines month by month,
calendar-months = Months
calendar-month-empty = No deadlines this month.
calendar-without-date = { $count ->
    [one] 1 grant without a date (rolling or unknown) is not shown here
   *[other] { $count } grants without a date (rolling or unknown) are not shown here
}

overlaps-title = Overlapping missions
overlaps-lead = Which actors work in the same areas and initiatives? This is where missions overlap and complement each other – where coordination helps most.
overlaps-per-area = Actors per area
overlaps-matrix = Actors and areas
overlaps-matrix-caption = Each actor's role in the five areas and the initiatives it takes part in
overlaps-diagram = Diagram
overlaps-diagram-help = The diagram shows the same facts as the table: areas on the left, actors in the middle and initiatives on the right.
overlaps-initiatives = Initiatives with several actors
diagram-title = Actors, areas and initiatives
diagram-desc = Lines connect each actor to the areas it works in and the initiatives it takes part in. A thick solid line means national responsibility, a dashed line that the actor contributes, a dotted line that it takes part in an initiative.
diagram-areas = Areas
diagram-actors = Actors
diagram-initiatives = Initiatives
diagram-takes-part = Takes part in initiative

about-title = About

error-404-title = Page not found
error-404-text = There is no page at this address. It may have moved, or the address may be mistyped.
error-400-title = The search could not be done
error-400-text = Something in the address could not be read.
error-500-title = Something went wrong
error-500-text = An error occurred on our side. It has been logged; please try again in a while.
error-home = Go to the home page

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

data-area-boende = housing
data-area-arbete = work
data-area-utbildning = education
data-area-demokrati-och-civilsamhalle = democracy and civil society
data-area-brottslighet = crime
data-applicant-kommun = municipality
data-applicant-region = region
data-applicant-civilsamhallesorganisation = civil-society organisation
data-applicant-ideell-forening = non-profit association
data-applicant-idrottsforening = sports club
data-applicant-friluftsorganisation = outdoor-life organisation
data-applicant-stiftelse = foundation
data-applicant-trossamfund = faith community
data-applicant-folkhogskola = folk high school
data-applicant-skolhuvudman = school organiser
data-applicant-forskare = researchers and universities
data-applicant-foretag = company
data-perspective-jamstalldhet = gender equality
data-perspective-barnets-rattigheter = children's rights
data-perspective-ungdomsperspektiv = youth perspective
data-perspective-diskriminering = discrimination
data-perspective-folkhalsa = public health

nav-search = Search
search-title = Search
search-label = Search actors, grants and initiatives
search-kinds = Show
search-kinds-actor = Actors
search-kinds-grant = Grants
search-kinds-initiative = Initiatives
search-kind-actor = Actor
search-kind-grant = Grant
search-kind-initiative = Initiative
search-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
search-none = Nothing matched. Try another word, or browse the grants and actors.
search-hint = The data is in Swedish: try for example “idrottsförening”, “brottsoffer” or “MUCF”. Inflected forms and small typos are fine.
search-pages = Pages
search-page = Page
search-previous = Previous page
search-next = Next page
initiative-kicker = Initiative

feed-title = Samverkan – changes to the data
feed-title-area = Samverkan – changes in { $area }
feed-area-link = Changes in this area
feed-summary-author = By { $author }
feed-summary-fields = Fields changed: { $fields }
ics-calendar-name = Samverkan – application deadlines
subscribe-calendar = Subscribe to these deadlines in your calendar (.ics)
subscribe-help = Add the address as a subscription in your calendar program, and the dates update by themselves.
about-downloads = Download

show-all-grants = { $count ->
    [one] Show the grant
   *[other] Show all { $count } grants
}
more-related = … and { $count } more actors.
calendar-more = … and { $count } more deadlines this month. Choose an area or applicant above to see fewer at a time.
