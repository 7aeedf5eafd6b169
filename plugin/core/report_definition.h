// What one report type says and where it goes, as read from its report
// definition (templates/<report>/report-definition.xml, schemas/report-definition.xsd):
// the organisation, the municipality's own case-type codes and code lists with
// their Swedish labels, the period and disclosure rules, and which computed
// breakdowns fill which template table, section and chart. Nothing
// municipality-specific is written in C++; it all comes from here.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "date.h"

namespace committee_report::core {

// One value of a code list and the Swedish text the report shows for it.
struct CodeLabel {
    std::string code;
    std::string label;
};

// A code list in display order. Codes the registry sends that are not listed
// are counted under `otherLabel`; a missing value under `missingLabel`.
struct CodeList {
    std::vector<CodeLabel> values;
    std::string otherLabel = "Övrigt";
    std::string missingLabel = "Uppgift saknas";

    [[nodiscard]] const std::string* labelOf(const std::string& code) const {
        for (const auto& value : values)
            if (value.code == code) return &value.label;
        return nullptr;
    }
};

struct Organisation {
    std::string municipality;    // "Ekbacka kommun"
    std::string administration;  // förvaltning, "Socialförvaltningen"
    std::string committee;       // "Socialnämnden"
    std::string headTitle;       // "Socialchef"
    std::string headName;        // signs the report in an official capacity
    std::string authorUnit;      // the unit named as author in document properties
};

// What a figure group's counts describe, set per group in the report
// definition and stated in the report's method text. Counts about persons
// (threatened staff, incidents, disinformation naming staff) are suppressed;
// the municipality's own organisational measures describe units and may be
// shown exactly, and then every list agrees with the tables.
enum class Concerns { Persons, Organisation };

// HOT_VALD: one case per incident.
struct IncidentSettings {
    Concerns concerns = Concerns::Persons;
    std::string caseType = "HOT_VALD";
    std::string dateKey = "datum";
    std::string categoryKey = "kategori";
    std::string channelKey = "kanal";
    std::string areaKey = "verksamhetsomrade";
    std::string disinformationKey = "desinformationskoppling";
    std::vector<std::string> disinformationLinkedValues{"JA"};
    std::string policeKey = "polisanmald";
    std::vector<std::string> notReportedValues{"NEJ"};
    CodeList categories;
    CodeList channels;
    CodeList areas;
};

// DESINFO: an observed disinformation item or campaign.
struct ObservationSettings {
    Concerns concerns = Concerns::Persons;
    std::string caseType = "DESINFO";
    std::string firstSeenKey = "forstSedd";
    std::string platformKey = "plattform";
    std::string languageKey = "sprak";
    std::string reachKey = "rackvidd";
    std::string narrativeKey = "narrativ";
    std::string localLinkKey = "lokalKoppling";
    std::string actionKey = "atgard";
    CodeList platforms;
    CodeList languages;
    CodeList reaches;
    CodeList narratives;
    CodeList actions;
    // Reach codes that put an observation on the timeline (10 000 or more).
    std::vector<std::string> timelineReaches{"10K_100K", "OVER_100K"};
    // Only observations that name the municipality or its staff go on the timeline.
    bool timelineLocalOnly = true;
    // How the text names the timeline's reach: "en räckvidd på minst 10 000 visningar".
    std::string timelineReachText = "en räckvidd på minst 10 000";
};

// FOREBYGGANDE: a preventive measure.
struct MeasureSettings {
    Concerns concerns = Concerns::Persons;
    std::string caseType = "FOREBYGGANDE";
    std::string typeKey = "typ";
    std::string perspectiveKey = "perspektiv";
    std::string statusKey = "status";
    std::string doneDateKey = "genomford";
    // Keys tried in order for the date shown for a planned or ongoing measure.
    std::vector<std::string> plannedDateKeys{"planeratDatum", "genomford"};
    std::string participantsKey = "antalDeltagare";
    std::string responsibleUnitKey = "ansvarigEnhet";
    std::string meetingType = "INFORMATIONSMOTE";
    CodeList types;
    CodeList perspectives;  // ARBETSMILJO, SAMHALLE: the columns of the type table
    CodeList statuses;      // labels for the planned-measures list
    std::vector<std::string> doneStatuses{"GENOMFORD", "UPPFOLJD"};
    std::vector<std::string> ongoingStatuses{"PAGAR"};
    std::vector<std::string> plannedStatuses{"PLANERAD"};
};

// How the background (Bakgrund, Beslutsunderlag) is read from the report case's
// registry entries. Only dates, document types, counts and the party
// abbreviation in a sender's "(S)" are read; names and titles never are.
struct BackgroundSettings {
    std::vector<std::string> initiativeDocumentTypes{"INITIATIV"};
    std::vector<std::string> minutesDocumentTypes{"PROTOKOLLSUTDRAG"};
    std::vector<std::string> reportDocumentTypes{"TJS"};
    // Document type code -> how Beslutsunderlag names it, e.g. "Initiativärende".
    std::map<std::string, std::string> documentTypeLabels;
    // Party abbreviation -> its name in the text, e.g. "S" -> "Socialdemokraterna".
    std::map<std::string, std::string> parties;
    // Words in a minutes extract's title -> what the committee did, e.g. "bordl" -> "bordlade
    // ärendet". The case's own title (ärendemening) is taken out of the extract's title before
    // the words are looked for, so a word in the case's title never reads as a decision. The
    // first entry whose words occur wins. `assignment` marks the decision that gave the
    // administration its assignment: Bakgrund then states the deadline and questions with it.
    struct DecisionWords {
        std::string words;
        std::string phrase;
        bool assignment = false;
    };
    std::vector<DecisionWords> decisionPhrases;
    std::string defaultDecisionPhrase = "behandlade ärendet";
    // Key of the report case's egenskaper holding the date the answer is due, if any.
    std::string deadlineKey = "svarSenast";
    // Used when the report case's property is absent: the committee's deadline.
    std::optional<Date> deadline;
    // What the committee asked for, one paragraph each, in Bakgrund.
    std::vector<std::string> questions;
};

// A published source of a national fact: who wrote it, what, and when.
struct FactSource {
    enum class Precision { Day, Month, Year };
    std::string id;
    std::string author;
    std::string title;
    Date published;  // the first day of the month or year if less precise
    Precision precision = Precision::Day;
};

// A fact about the world outside the registry (part 1), with its sources.
struct NationalFact {
    std::string topic;
    std::string statement;        // true on and after validFrom
    std::string statementBefore;  // the same before validFrom; empty: leave the fact out then
    std::optional<Date> validFrom;
    std::vector<std::string> sources;  // FactSource ids, at least one
};

// templates/<report>/nationella-fakta.xml (schemas/national-facts.xsd).
struct NationalFacts {
    std::vector<std::string> topics;  // in display order
    std::vector<FactSource> sources;
    std::vector<NationalFact> facts;
};

// Where the computed content goes in the template (names from the template's README).
struct TableBinding {
    std::string content;    // "incidents.byQuarter", "observations.timeline" …
    bool totalsRow = true;  // a "Totalt" row last, where the content has one
};

struct OutputBinding {
    std::map<std::string, std::string>
        fields;  // template user field -> content id, e.g. "Kommun" -> "municipality"
    std::map<std::string, std::string>
        blocks;  // template section -> content id, e.g. "Sammanfattning" -> "summary"
    std::map<std::string, TableBinding> tables;  // template table -> what fills it
    std::map<std::string, std::string>
        charts;  // chart object -> content id ("incidents.byQuarter")
};

struct ReportDefinition {
    std::string id;                      // "hot-och-desinformation"
    std::filesystem::path templateFile;  // absolute once loaded
    NationalFacts facts;                 // part 1; empty if the definition names no fact file
    Organisation organisation;
    Date defaultPeriodStart{2022, 1, 1};
    int smallNumberThreshold = 5;  // counts 1 .. threshold-1 are not shown
    // Lists (timeline, planned measures) show at most this many rows and then say how many more
    // there are: a committee reads a summary, and the document's size stays bounded.
    int maxListRows = 25;
    IncidentSettings incidents;
    ObservationSettings observations;
    MeasureSettings measures;
    BackgroundSettings background;
    std::vector<std::string> decisionProposals;  // Förslag till beslut, one sentence each
    std::vector<std::string> recipients;         // Beslutet skickas till
    std::string keywords;                        // document property
    OutputBinding output;
};

}  // namespace committee_report::core
