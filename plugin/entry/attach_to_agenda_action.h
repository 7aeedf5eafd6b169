// "Bifoga till dagordning": links the final PDF/A of the case's tjänsteskrivelse
// to the case's item on a committee meeting's agenda. Refuses drafts; says
// plainly when the agenda is already published (locked).
#pragma once

#include "action_base.h"

namespace committee_report::entry {

class AttachToAgendaAction final : public ActionBase {
  public:
    [[nodiscard]] api::ActionDescriptor describe() const noexcept override;

  protected:
    api::RunResult execute(const ValidatedRun& run, api::ProgressListener& progress) override;
};

}  // namespace committee_report::entry
