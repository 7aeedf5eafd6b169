#include "action_catalog.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <stdexcept>

namespace committee_report::catalog {

namespace {

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& key,
                 const std::string& fallback = {}) {
    return object->has(key) && !object->isNull(key) ? object->getValue<std::string>(key)
                                                    : fallback;
}

}  // namespace

const ActionInfo* ActionCatalog::find(const std::string& id) const {
    for (const auto& action : actions)
        if (action.id == id) return &action;
    return nullptr;
}

ActionCatalog ActionCatalog::parse(const std::string& actionsJson) {
    try {
        Poco::JSON::Parser parser;
        const auto root = parser.parse(actionsJson).extract<Poco::JSON::Object::Ptr>();
        if (!root) throw std::runtime_error("not a JSON object");
        ActionCatalog catalog;
        catalog.json = actionsJson;
        catalog.apiVersion = root->getValue<int>("apiVersion");
        catalog.libraryVersion = text(root, "libraryVersion");
        const auto actions = root->getArray("actions");
        if (!actions) throw std::runtime_error("no \"actions\" array");
        for (std::size_t i = 0; i < actions->size(); ++i) {
            const auto a = actions->getObject(static_cast<unsigned>(i));
            ActionInfo action;
            action.id = a->getValue<std::string>("id");
            action.label = text(a, "label", action.id);
            action.description = text(a, "description");
            action.menu = text(a, "menu", "case");
            action.requiredRole = text(a, "requiredRole");
            const auto parameters = a->getArray("parameters");
            for (std::size_t k = 0; parameters && k < parameters->size(); ++k) {
                const auto p = parameters->getObject(static_cast<unsigned>(k));
                ParameterInfo parameter;
                parameter.key = p->getValue<std::string>("key");
                parameter.label = text(p, "label", parameter.key);
                parameter.type = text(p, "type", "text");
                parameter.defaultValue = text(p, "default");
                parameter.required = p->optValue<bool>("required", false);
                parameter.help = text(p, "help");
                const auto allowed = p->getArray("allowedValues");
                for (std::size_t v = 0; allowed && v < allowed->size(); ++v)
                    parameter.allowedValues.push_back(
                        allowed->getElement<std::string>(static_cast<unsigned>(v)));
                action.parameters.push_back(std::move(parameter));
            }
            std::ostringstream json;
            a->stringify(json);
            action.json = json.str();
            catalog.actions.push_back(std::move(action));
        }
        return catalog;
    } catch (const Poco::Exception& error) {
        throw std::runtime_error("the plugin's actions JSON cannot be read: " +
                                 error.displayText());
    }
}

}  // namespace committee_report::catalog
