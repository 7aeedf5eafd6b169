#include "faults.h"

#include <Poco/JSON/Object.h>

#include <sstream>
#include <stdexcept>

namespace reference_registry {

void Faults::set(const Poco::JSON::Array::Ptr& rules) {
    if (!rules) throw std::invalid_argument("expected a JSON array of rules");
    std::vector<FaultRule> parsed;
    for (std::size_t i = 0; i < rules->size(); ++i) {
        auto object = rules->getObject(static_cast<unsigned>(i));
        if (!object) throw std::invalid_argument("rule " + std::to_string(i) + " is not an object");
        FaultRule rule;
        rule.path = object->optValue<std::string>("path", "");
        rule.pathRegex = object->optValue<std::string>("pathRegex", "");
        if (!rule.pathRegex.empty()) {
            try {
                rule.regex = std::regex(rule.pathRegex);
            } catch (const std::regex_error&) {
                throw std::invalid_argument("rule " + std::to_string(i) + ": bad pathRegex");
            }
        }
        rule.method = object->optValue<std::string>("method", "");
        rule.fault = object->optValue<std::string>("fault", "");
        if (rule.fault != "latency" && rule.fault != "status" && rule.fault != "drop" &&
            rule.fault != "malformed" && rule.fault != "wrongCount")
            throw std::invalid_argument("rule " + std::to_string(i) + ": unknown fault '" +
                                        rule.fault +
                                        "' (latency, status, drop, malformed, wrongCount)");
        rule.status = object->optValue<int>("status", 503);
        rule.retryAfter = object->optValue<int>("retryAfter", -1);
        rule.delayMs = object->optValue<int>("delayMs", 0);
        rule.countDelta = object->optValue<int>("countDelta", 1);
        rule.times = object->optValue<int>("times", 1);
        rule.skip = object->optValue<int>("skip", 0);
        parsed.push_back(std::move(rule));
    }
    std::lock_guard lock(mutex_);
    rules_ = std::move(parsed);
}

void Faults::clear() {
    std::lock_guard lock(mutex_);
    rules_.clear();
}

std::optional<FaultRule> Faults::take(const std::string& method, const std::string& pathAndQuery) {
    std::lock_guard lock(mutex_);
    for (auto& rule : rules_) {
        if (rule.times == 0) continue;
        if (!rule.method.empty() && rule.method != method) continue;
        if (!rule.path.empty() && pathAndQuery.compare(0, rule.path.size(), rule.path) != 0)
            continue;
        if (rule.regex && !std::regex_search(pathAndQuery, *rule.regex)) continue;
        if (rule.skip > 0) {
            --rule.skip;
            return std::nullopt;
        }
        if (rule.times > 0) --rule.times;
        ++rule.applied;
        return rule;
    }
    return std::nullopt;
}

std::string Faults::describe() {
    std::lock_guard lock(mutex_);
    Poco::JSON::Array array;
    for (const auto& rule : rules_) {
        Poco::JSON::Object object;
        object.set("path", rule.path);
        object.set("pathRegex", rule.pathRegex);
        object.set("method", rule.method);
        object.set("fault", rule.fault);
        object.set("timesLeft", rule.times);
        object.set("applied", rule.applied);
        array.add(object);
    }
    std::ostringstream out;
    array.stringify(out);
    return out.str();
}

}  // namespace reference_registry
