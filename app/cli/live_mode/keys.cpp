// gatetune keys add|list|revoke: API keys in the gateway's database (SQLite or PostgreSQL). A key is printed
// once, when added; only its prefix and a salted hash are stored.
#include <cstdio>
#include <iostream>

#include "app/cli/commands.hpp"
#include "app/cli/live_mode/live_mode_registration.hpp"
#include "app/cli/live_mode_commands.hpp"
#include "app/live/db/api_keys.hpp"
#include "app/live/db/open_database.hpp"
#include <nlohmann/json.hpp>

#include "sim/text_table.hpp"

namespace gatetune::cli {

namespace {

struct KeysOptions {
    std::string db;
    std::string name = "default";
    std::string which;
    int count = 1;
    bool json = false;
};

template <class F>
int with_db(const KeysOptions& o, F f) {
    const std::string path = o.db.empty() ? live::default_database_path() : o.db;
    try {
        const live::DatabaseLocation where = live::parse_database_location(path);
        live::create_database(where);
        const auto db = live::open_database(where);
        return f(*db, path);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gatetune keys: %s: %s\n", live::describe_database(path).c_str(), e.what());
        return kExitUsage;
    }
}

}  // namespace

void register_keys(CLI::App& app, CommandList& out) {
    auto o = std::make_shared<KeysOptions>();
    CLI::App* sub = app.add_subcommand("keys", live_mode_description("keys"));
    sub->require_subcommand(1);
    sub->add_option("--db", o->db, "SQLite file or postgresql:// URI (default: a SQLite file in the user's data directory)");
    sub->fallthrough();  // `keys add --db F` as well as `keys --db F add`

    CLI::App* add = sub->add_subcommand("add", "Create keys and print them (shown only this once)");
    add->add_option("--name", o->name, "A label for the key")->capture_default_str();
    add->add_option("--count", o->count, "How many keys")->check(CLI::Range(1, 10000))->capture_default_str();
    out.push_back({add, [o] {
                       return with_db(*o, [&](live::GatewayStore& db, const std::string&) {
                           for (int i = 0; i < o->count; ++i) std::cout << live::add_key(db, o->name).key << "\n";
                           return kExitOk;
                       });
                   }});

    CLI::App* list = sub->add_subcommand("list", "List keys (prefix, name, created, revoked; never the key)");
    list->add_flag("--json", o->json, "JSON lines instead of a table");
    out.push_back({list, [o] {
                       return with_db(*o, [&](live::GatewayStore& db, const std::string&) {
                           sim::TextTable t({{"prefix"}, {"name"}, {"created"}, {"revoked"}});
                           for (const auto& k : db.list_keys()) {
                               if (o->json) {
                                   nlohmann::json j = {{"prefix", k.prefix}, {"name", k.name}, {"created", k.created_at}, {"revoked", nullptr}};
                                   if (k.revoked_at) j["revoked"] = *k.revoked_at;
                                   std::cout << j.dump() << "\n";
                               } else {
                                   t.add_row({k.prefix, k.name, k.created_at, k.revoked_at.value_or("")});
                               }
                           }
                           if (!o->json) t.write(std::cout, "");
                           return kExitOk;
                       });
                   }});

    CLI::App* revoke = sub->add_subcommand("revoke", "Revoke keys by prefix or name");
    revoke->add_option("key", o->which, "The key's prefix (gt-…) or name")->required();
    out.push_back({revoke, [o] {
                       return with_db(*o, [&](live::GatewayStore& db, const std::string&) {
                           if (!db.revoke_key(o->which)) {
                               std::fprintf(stderr, "gatetune keys revoke: no active key with prefix or name \"%s\"\n", o->which.c_str());
                               return kExitFailed;
                           }
                           std::cout << "revoked " << o->which << "\n";
                           return kExitOk;
                       });
                   }});
}

}  // namespace gatetune::cli
