// Untrusted registry answers through the real mapping (simdjson On-Demand): the first byte
// picks what the rest is read as — a list page of cases (all fields or a $select), of
// documents or entries, a single resource, or an error body. Anything may be refused with
// a RegistryError; nothing may crash, hang, leak or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "registry/json_mapping.h"
#include "registry/registry_error.h"

using namespace committee_report::registry;

namespace {

void readList(const json::Document& document, int kind) {
    const json::CaseSelection selected({"arendetyp", "egenskaper/datum", "registreringsdatum"});
    (void)json::readPage(document, [&](json::ondemand::value& element, std::size_t) {
        auto object = json::asObject(element, "fuzz list");
        if (!object) return true;
        switch (kind) {
            case 0: (void)json::toCase(*object, "arende"); break;
            case 1: (void)json::toCase(*object, "arende", selected); break;
            case 2: (void)json::toDocument(*object, "dokument"); break;
            case 3: (void)json::toEntry(*object, "handling"); break;
            case 4: (void)json::toMeeting(*object, "sammantrade"); break;
            default: (void)json::toAgendaItem(*object, "arendepunkt"); break;
        }
        return true;
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const int selector = data[0] % 12;
    std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        if (selector == 11) {
            (void)json::toErrorBody(body);
            return 0;
        }
        auto document = json::parseOwnedObject(std::move(body), "fuzz");
        switch (selector) {
            case 6: (void)json::toCase(document); break;
            case 7: (void)json::toEntry(document); break;
            case 8: (void)json::toDocument(document); break;
            case 9: (void)json::toMeeting(document); break;
            case 10: (void)json::toAgendaItem(document); break;
            default: readList(document, selector); break;
        }
    } catch (const RegistryError&) {
        // A refused answer is the expected outcome for most inputs.
    }
    return 0;
}
