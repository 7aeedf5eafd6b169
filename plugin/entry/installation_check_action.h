// "Kontrollera installationen": checks each part an installation needs and
// says, for each failure, what to do. The host's `doctor` command runs it.
#pragma once

#include "action_base.h"

namespace committee_report::entry {

class InstallationCheckAction final : public ActionBase {
  public:
    [[nodiscard]] api::ActionDescriptor describe() const noexcept override;

  protected:
    api::RunResult execute(const ValidatedRun& run, api::ProgressListener& progress) override;
};

}  // namespace committee_report::entry
