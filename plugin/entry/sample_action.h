// "Provutskrift av mall": fills the sample template with the case's dnr and
// writes ODT and PDF/A. Proves an installation end to end without the registry.
#pragma once

#include "action_base.h"

namespace committee_report::entry {

class SampleAction final : public ActionBase {
  public:
    [[nodiscard]] api::ActionDescriptor describe() const noexcept override;

  protected:
    api::RunResult execute(const ValidatedRun& run, api::ProgressListener& progress) override;
};

}  // namespace committee_report::entry
