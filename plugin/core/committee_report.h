// The entry point of the core for the committee report (issue 4).
//
//   const auto& definition = …;                         // config::loadReportDefinition(file)
//   for (auto& type : countedCaseTypes(definition)) …   // fetch every case of these arendetyp
//   ReportPeriod period = defaultPeriod(definition, today);
//   CaseTally tally(definition, period);                // or one per connection, merged
//   for (each case as it arrives) tally.add(record);
//   ReportInput input{definition, reportCase, entriesOfReportCase, {}, period, today};
//   ReportModel model = computeReport(input, std::move(tally));  // figures, suppressed; no free
//                                                                 // text, no names
//   DocumentContent content = toDocumentContent(model, definition);  // for the office engine
//   std::string json = toReportJson(model);             // report.json
// (computeReport(input) with input.cases does the same for cases already in memory.)
//
// toDocumentContent() and toReportJson() end with a check of every string they
// produce for personnummer and for the names held in the input's personal
// fields; they throw PersonalDataInOutput rather than return such output.
// All functions are pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "document_content.h"
#include "registry_records.h"
#include "report_definition.h"
#include "report_error.h"
#include "report_model.h"

namespace committee_report::core {

// From the definition's start (2022-01-01) to the last day of the month before reportDate.
[[nodiscard]] ReportPeriod defaultPeriod(const ReportDefinition& definition, Date reportDate);

// The arendetyp codes whose cases computeReport() counts (HOT_VALD, DESINFO, FOREBYGGANDE by
// default).
[[nodiscard]] std::vector<std::string> countedCaseTypes(const ReportDefinition& definition);

// The fields of a case of `caseType` that computeReport() reads, as a $select names them
// (registry-api.md): systemId, arendetyp, registreringsdatum, sekretess and the
// egenskaper/KEY the definition's settings for that type name. No title, free text
// (beskrivning) or handläggare: the client fetches and holds only these.
[[nodiscard]] std::vector<std::string> countedCaseFields(const ReportDefinition& definition,
                                                         const std::string& caseType);

struct ReportInput {
    const ReportDefinition& definition;
    CaseRecord reportCase;                   // the initiative the report answers (2024SOCN33)
    std::vector<RegistryEntry> caseEntries;  // its registry entries (handlingar)
    std::vector<CaseRecord> cases;  // all cases of the counted types, any dates; empty with a tally
    ReportPeriod period;
    Date reportDate;  // the tjänsteskrivelse's date
};

// The counted cases, tallied as they arrive, so that no one need hold them all (48 500 at
// scale 100): per report part, counts per row of its tables and the items its lists
// name one by one (high-reach observations, ongoing and planned measures), and the
// distinct handläggare names for the final check. Nothing else of a case is kept.
// Cases may come in any order and in parts: one tally per part, merged. List items that
// tie on their date are ordered by their case's systemId (which the registry assigns),
// never by the place of the case in a list (the contract promises no list order), so
// the report is the same whichever order the registry lists the cases in and whichever
// part arrives first. Not thread-safe: one tally per thread.
class CaseTally {
  public:
    CaseTally(const ReportDefinition& definition, const ReportPeriod& period);
    CaseTally(CaseTally&&) noexcept;
    CaseTally& operator=(CaseTally&&) noexcept;
    ~CaseTally();

    void add(const CaseRecord& record);
    // Takes in a tally of the same definition and period (std::invalid_argument otherwise).
    void merge(CaseTally&& other);

  private:
    struct State;
    friend ReportModel computeReport(const ReportInput& input, CaseTally&& tally);
    std::unique_ptr<State> state_;
};

// Counts by the period rules of shared/docs/report-domain.md (event date, not
// registration date; measures done in the period, or planned/ongoing and
// registered by its end; confidential cases counted, never described) and
// applies disclosure control. Never reads `beskrivning` or any name except to
// remember it for the final check. Throws ReportError if the period is empty.
[[nodiscard]] ReportModel computeReport(const ReportInput& input);
// The same from cases tallied as they arrived; input.cases must be empty and the tally
// made for input.definition and input.period (std::invalid_argument otherwise).
[[nodiscard]] ReportModel computeReport(const ReportInput& input, CaseTally&& tally);

// Fields, sections, tables, chart and document properties named as the
// definition's output binding says. Throws PersonalDataInOutput (see above).
[[nodiscard]] DocumentContent toDocumentContent(const ReportModel& model,
                                                const ReportDefinition& definition);

// report.json: the model as computed; suppressed counts are "<5" and "..".
// Throws PersonalDataInOutput (see above).
[[nodiscard]] std::string toReportJson(const ReportModel& model);

}  // namespace committee_report::core
