#include "table_shape_cache.h"

namespace committee_report::office {

TableShapes TableShapeCache::known(const std::optional<TemplateStamp>& stamp) const {
    if (!stamp) return {};
    std::lock_guard lock(mutex_);
    const auto found = shapes_.find(*stamp);
    return found == shapes_.end() ? TableShapes{} : found->second;
}

void TableShapeCache::remember(const std::optional<TemplateStamp>& stamp, TableShapes shapes) {
    if (!stamp || shapes.empty()) return;
    std::lock_guard lock(mutex_);
    if (shapes_.size() >= kMaxVersions) shapes_.clear();  // start afresh
    shapes_[*stamp] = std::move(shapes);
}

}  // namespace committee_report::office
