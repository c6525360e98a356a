#pragma once
// The files every HTML report carries inline, embedded into the binary at build time by
// sim/html/embed_assets.cmake (listed in sim/CMakeLists.txt): the vendored uPlot release
// (third_party/uplot) and the report's own script and style (sim/html/assets/).
#include <string_view>

namespace gatetune::sim::html {

std::string_view uplot_js();    // third_party/uplot/uPlot.iife.min.js
std::string_view uplot_css();   // third_party/uplot/uPlot.min.css
std::string_view uplot_license();  // third_party/uplot/LICENSE (its notice travels with the copy)
std::string_view report_js();   // sim/html/assets/report.js: renders the page from its data
std::string_view report_css();  // sim/html/assets/report.css

}  // namespace gatetune::sim::html
