// "Fastställ tjänsteskrivelse": takes the official's edited ODT back from the
// registry, refuses it while places are unfilled or personal data has been
// typed in, otherwise converts it to PDF/A-2b, registers that as arkivformat
// and sets the entry's status to KLAR. Safe to run again.
#pragma once

#include "action_base.h"

namespace committee_report::entry {

class FinaliseReportAction final : public ActionBase {
  public:
    [[nodiscard]] api::ActionDescriptor describe() const noexcept override;

  protected:
    api::RunResult execute(const ValidatedRun& run, api::ProgressListener& progress) override;
};

}  // namespace committee_report::entry
