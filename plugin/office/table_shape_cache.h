// What earlier fills learnt of each template version's tables, so the next
// report with the same template does not ask the document again (four UNO
// round trips a table). Thread safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>

#include "template_filler.h"
#include "template_stamp.h"

namespace committee_report::office {

class TableShapeCache {
  public:
    // What is known of this template version's tables (empty if nothing, or no stamp).
    [[nodiscard]] TableShapes known(const std::optional<TemplateStamp>& stamp) const;
    // Keeps what a fill learnt; old versions of templates are forgotten after a while.
    void remember(const std::optional<TemplateStamp>& stamp, TableShapes shapes);

  private:
    static constexpr size_t kMaxVersions = 32;

    mutable std::mutex mutex_;
    std::map<TemplateStamp, TableShapes> shapes_;
};

}  // namespace committee_report::office
