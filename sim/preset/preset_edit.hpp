#pragma once
// Saving an edited preset without losing what its author wrote: the values that changed are
// replaced where they stand in the original text, keys that were missing are added at the end
// of their table (or in a new table), so comments, order and layout survive. When the text
// cannot be patched so that it reads back as the edited configuration (an inline table, a
// convenience key overriding the edit, an original that no longer parses) the preset is
// written afresh by write_preset — correct first, pretty where possible.
#include <string>
#include <string_view>

#include "sim/config.hpp"

namespace gatetune::sim {

struct PresetText {
    std::string text;
    bool comments_kept = true;  // false when write_preset had to rewrite it
};

// `original` is the preset as loaded from (or last saved to) `preset_path` ("" when new).
PresetText update_preset_text(std::string_view original, const Config& edited, const std::string& preset_path);

}  // namespace gatetune::sim
