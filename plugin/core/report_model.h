// The committee report as computed from the registry: every figure already
// through disclosure control, every label already Swedish, no free text, no
// names of private persons or threatened staff. toDocumentContent() and
// toReportJson() (committee_report.h) only format what is here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "date.h"
#include "disclosure_control.h"

namespace committee_report::core {

struct ReportPeriod {
    Date from;
    Date to;  // inclusive
};

// A count and whether it may be shown.
struct Figure {
    long long value = 0;
    Disclosure disclosure = Disclosure::Shown;
    [[nodiscard]] bool shown() const { return disclosure == Disclosure::Shown; }
};

struct BreakdownRow {
    std::string
        key;  // the code ("HOT_DIREKT", "2024-Q1"); "OVRIGT" / "UPPGIFT_SAKNAS" for the rest
    std::string label;          // what the report shows ("Direkt hot", "2024 K1")
    std::vector<Figure> cells;  // one per column
};

// A table of counts: rows × columns, with a totals row where the table has one.
struct Breakdown {
    std::string id;                       // "incidents.byQuarter"
    std::vector<std::string> columnKeys;  // report.json keys of the columns
    std::vector<BreakdownRow> rows;
    std::optional<BreakdownRow> totals;  // "Totalt"
};

struct TimelineItem {  // an observation with high reach, never a confidential one
    Date firstSeen;
    std::string platform;  // labels
    std::string reach;
    std::string narrative;
    std::string action;
    std::string platformCode;  // codes, for report.json
    std::string reachCode;
    std::string narrativeCode;
    std::string actionCode;
};

struct PlannedMeasure {  // planned or ongoing, never a confidential one
    std::string type;    // labels
    std::string perspective;
    std::string responsibleUnit;  // a unit, never a person
    std::string status;
    std::optional<Date> date;  // a planned date, where the registry has one (report.json)
    Date registered;           // when the measure was registered: the list's date column
    bool ongoing = false;      // else planned
    std::string typeCode;
    std::string perspectiveCode;
    std::string statusCode;
};

// The length of the periods incidents are counted per, in table 1 and its chart:
// quarters; half-years where most quarters' split would be withheld; years where
// most half-years' would be too.
enum class PeriodUnit { Quarter, HalfYear, Year };

struct IncidentFigures {
    Figure total;
    Figure disinformationLinked;
    Figure policeReported;
    // Per period of `periodUnit` (rows "2024-Q1", "2024-H1" or "2024"; report.json "byPeriod"),
    // columns: disinformationLinked, other, total.
    Breakdown byQuarter;
    PeriodUnit periodUnit = PeriodUnit::Quarter;
    std::vector<bool> partialPeriods;  // per row of byQuarter: the period covers only part of it
    Breakdown byCategory;              // column: count
    Breakdown byChannel;
    Breakdown byArea;
    long long withoutEventDate = 0;  // registered, but with no usable datum: not in the figures
    Figure previousPeriodTotal;      // in the period of the same length just before
};

struct ObservationFigures {
    Figure total;
    Figure localLink;
    Breakdown byPlatform;  // columns: count, localLink
    Breakdown byLanguage;  // column: count
    Breakdown byNarrative;
    std::vector<TimelineItem> timeline;  // by date first seen
    // True when the timeline would have narrowed a protected count and was left out.
    bool timelineWithheld = false;
    long long withoutFirstSeen = 0;
};

struct MeasureFigures {
    Figure total;
    Breakdown byPerspective;     // columns: done, ongoing, planned, total
    Breakdown byType;            // columns: one per perspective, then total
    Breakdown byStatus;          // column: count; rows done, ongoing, planned
    Figure meetingsHeld;         // information meetings done in the period (consistent with byType)
    long long participants = 0;  // people reached at them
    std::vector<PlannedMeasure> planned;  // by registration date
    Figure donePreviousPeriod;            // done in the period of the same length just before
    // Ongoing or planned but confidential: counted in the tables, not listed.
    long long confidentialNotListed = 0;
    // True when the list would have narrowed a protected count and was left out.
    bool plannedWithheld = false;
};

struct DocumentReference {  // one line of Beslutsunderlag
    std::string kind;       // "Initiativärende", from the document type's label
    std::optional<Date> date;
    std::optional<int> paragraph;  // § of a minutes extract
};

struct CommitteeDecision {  // from a minutes extract (protokollsutdrag)
    std::optional<Date> date;
    std::optional<int> paragraph;  // §
    std::string phrase;            // "bordlade ärendet", from the report definition
    bool assignment = false;       // the decision that gave the administration its assignment
};

struct Background {
    std::optional<Date> received;      // when the initiative came in
    int initiators = 0;                // senders on it (members), never their names
    std::vector<std::string> parties;  // party abbreviations in order of appearance, "S", "V"
    std::vector<CommitteeDecision> decisions;  // in date order
    std::optional<Date> deadline;              // when the committee wants the answer
    std::vector<DocumentReference> basis;  // Beslutsunderlag after the report itself, in date order
};

struct ReportOfficer {  // the official writing the report (handläggare), in office capacity
    std::string name;
    std::string title;
    std::string unit;
    std::string email;
};

// Names that occur in the input's personal fields, held only to check that none
// reaches the output. Never serialised.
struct PersonalDataScreen {
    std::vector<std::string> names;
};

struct ReportModel {
    std::string definitionId;  // "hot-och-desinformation"
    ReportPeriod period;
    ReportPeriod previousPeriod;  // as long as `period`, ending the day before it
    Date reportDate;
    std::string dnr;
    std::string title;  // the case's (public) title: the report's rubrik
    ReportOfficer officer;
    Background background;
    IncidentFigures incidents;
    ObservationFigures observations;
    MeasureFigures measures;
    int threshold = 5;
    PersonalDataScreen screen;
};

}  // namespace committee_report::core
