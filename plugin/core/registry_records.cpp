#include "registry_records.h"

#include <algorithm>
#include <stdexcept>

namespace committee_report::core {

namespace {

template <typename Entries>
auto findEntry(Entries& entries, std::string_view key) {
    return std::find_if(entries.begin(), entries.end(),
                        [&](const auto& entry) { return entry.first == key; });
}

}  // namespace

const PropertyValue* Properties::find(std::string_view key) const {
    const auto it = findEntry(entries_, key);
    return it == entries_.end() ? nullptr : &it->second;
}

const PropertyValue& Properties::at(std::string_view key) const {
    if (const auto* value = find(key)) return *value;
    throw std::out_of_range("no property " + std::string(key));
}

PropertyValue& Properties::operator[](std::string_view key) {
    const auto it = findEntry(entries_, key);
    if (it != entries_.end()) return it->second;
    return entries_.emplace_back(std::string(key), std::monostate{}).second;
}

bool Properties::emplace(std::string_view key, PropertyValue value) {
    if (findEntry(entries_, key) != entries_.end()) return false;
    entries_.emplace_back(std::string(key), std::move(value));
    return true;
}

}  // namespace committee_report::core
