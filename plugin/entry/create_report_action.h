// "Skapa tjänsteskrivelse": computes the committee report for a case from the
// registry, renders the editable ODT and a PDF preview, and registers them on
// the case as a draft (UTKAST). Never a silent replacement, never a duplicate:
// an existing draft is reported (or a new version made on request), and a run
// that stopped half-way is resumed on its own registry entry.
#pragma once

#include "action_base.h"

namespace committee_report::entry {

class CreateReportAction final : public ActionBase {
  public:
    [[nodiscard]] api::ActionDescriptor describe() const noexcept override;

  protected:
    api::RunResult execute(const ValidatedRun& run, api::ProgressListener& progress) override;
};

}  // namespace committee_report::entry
