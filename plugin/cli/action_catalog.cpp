#include "action_catalog.h"

#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace committee_report::cli {

namespace {

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& key) {
    return object->has(key) ? object->getValue<std::string>(key) : std::string();
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
        ActionCatalog catalog;
        catalog.apiVersion = root->getValue<int>("apiVersion");
        catalog.libraryVersion = text(root, "libraryVersion");
        const auto actions = root->getArray("actions");
        for (std::size_t i = 0; actions && i < actions->size(); ++i) {
            const auto a = actions->getObject(static_cast<unsigned>(i));
            ActionInfo action{text(a, "id"),   text(a, "label"),        text(a, "description"),
                              text(a, "menu"), text(a, "requiredRole"), {}};
            const auto parameters = a->getArray("parameters");
            for (std::size_t k = 0; parameters && k < parameters->size(); ++k) {
                const auto p = parameters->getObject(static_cast<unsigned>(k));
                ParameterInfo parameter{text(p, "key"),     text(p, "label"),
                                        text(p, "type"),    text(p, "default"),
                                        {},                 p->getValue<bool>("required"),
                                        text(p, "help")};
                const auto allowed = p->getArray("allowedValues");
                for (std::size_t v = 0; allowed && v < allowed->size(); ++v)
                    parameter.allowedValues.push_back(
                        allowed->getElement<std::string>(static_cast<unsigned>(v)));
                action.parameters.push_back(std::move(parameter));
            }
            catalog.actions.push_back(std::move(action));
        }
        return catalog;
    } catch (const Poco::Exception& error) {
        throw std::runtime_error("the plugin's actions JSON cannot be read: " +
                                 error.displayText());
    }
}

}  // namespace committee_report::cli
