// The data model of what the registry (diarium) holds, as the core sees it.
// The registry client maps the REST contract (shared/docs/registry-api.md) to
// these types; nothing outside the client sees JSON. Field names are English,
// the registry's Swedish names are given in comments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "date.h"

namespace committee_report::core {

// {"kode": "HOT_VALD", "kodenavn": "Hot och våld mot medarbetare"}
struct Code {
    std::string code;  // kode
    std::string name;  // kodenavn
    bool operator==(const Code&) const = default;
};

// A value of a case type's attribute (egenskaper): string, number, boolean or date.
// Dates arrive as strings in JSON; the client turns "YYYY-MM-DD" strings into Date.
using PropertyValue = std::variant<std::monostate, bool, std::int64_t, double, std::string, Date>;

// A case's attributes (egenskaper), in the order the registry gave them. A case type has
// about ten, so one vector searched in order beats a tree: one allocation per case
// instead of one per key, and a cheaper lookup and release when 48 500 cases are read.
class Properties {
  public:
    using Entry = std::pair<std::string, PropertyValue>;
    using const_iterator = std::vector<Entry>::const_iterator;

    // The value of `key`, or nullptr.
    [[nodiscard]] const PropertyValue* find(std::string_view key) const;
    // The value of `key`; std::out_of_range if there is none.
    [[nodiscard]] const PropertyValue& at(std::string_view key) const;
    // The value of `key`, added empty (std::monostate) if there is none.
    PropertyValue& operator[](std::string_view key);
    // Adds `key` unless present (then the first value stays, as with std::map::emplace);
    // returns whether it was added.
    bool emplace(std::string_view key, PropertyValue value);
    void reserve(std::size_t count) { entries_.reserve(count); }

    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    [[nodiscard]] bool empty() const { return entries_.empty(); }
    [[nodiscard]] const_iterator begin() const { return entries_.begin(); }
    [[nodiscard]] const_iterator end() const { return entries_.end(); }
    bool operator==(const Properties&) const = default;

  private:
    std::vector<Entry> entries_;
};

struct Officer {  // handlaggare — personal data: never printed in a report about incidents
    std::string name;
    std::string title;
    std::string unit;
    std::string email;
};

struct CaseRecord {  // arende
    std::string systemId;
    std::string dnr;          // diarienummer
    std::string title;        // arendemening
    std::string publicTitle;  // offentligArendemening
    Code type;                // arendetyp
    Code classification;      // klassificering
    Code status;
    Date registered;             // registreringsdatum
    std::optional<Date> closed;  // avslutad
    std::string organ;
    std::string unit;                            // enhet
    std::optional<Officer> officer;              // handlaggare; null for protected identity
    std::optional<std::string> confidentiality;  // sekretess.lagrum; set = count, never describe
    Properties properties;                       // egenskaper
};

struct Party {  // an avsandare / mottagare entry
    std::string name;
};

struct RegistryEntry {  // handling
    std::string systemId;
    int number = 0;     // lopnummer
    std::string title;  // rubrik
    Code direction;     // riktning: I, U, N
    Code documentType;  // handlingstyp
    Code status;
    std::optional<Date> drawnUp;    // upprattad
    std::optional<Date> received;   // ankomstdatum
    std::vector<Party> senders;     // avsandare
    std::vector<Party> recipients;  // mottagare
    std::optional<std::string> confidentiality;
    std::string externalReference;  // externReferens
};

struct DocumentRecord {  // dokument
    std::string systemId;
    // dokumentnummer: assigned by the registry, 1, 2, 3 … in the order documents were
    // registered on their entry; the newest of a kind is the highest, never the last listed.
    std::int64_t number = 0;
    std::string created;    // skapad (ISO 8601), for messages only
    std::string title;      // titel
    std::string fileName;   // filnamn
    std::string mimeType;   // mimetyp
    std::int64_t size = 0;  // storlek
    std::string checksum;   // checksumma (hex)
    std::string checksumMethod;
    Code variant;  // P produktionsformat, A arkivformat
};

struct Meeting {  // sammantrade
    std::string systemId;
    std::string organ;
    Date date;  // sammantradesdatum
    std::string place;
    Code status;  // PLANERAT, PUBLICERAT, GENOMFORT
};

struct AgendaAttachment {  // bilaga
    std::string documentId;
    std::string title;
};

struct AgendaItem {  // arendepunkt
    std::string systemId;
    int number = 0;                // punkt
    std::optional<int> paragraph;  // paragraf
    std::string title;             // rubrik
    std::string dnr;               // diarienummer
    std::string caseId;            // arendeId
    std::vector<AgendaAttachment> attachments;
};

}  // namespace committee_report::core
