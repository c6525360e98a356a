# Script mode (cmake -P): man pages from the programs' own --help, with help2man. One page for
# `gatetune`, one per subcommand (gatetune-run.1, …: the subcommands are read from the
# "Subcommands:" list of `gatetune --help`, so a new one gets its page), and one for gatetune-gui.
#   -DHELP2MAN=<help2man> -DCLI=<gatetune> [-DGUI=<gatetune-gui>] -DVERSION=<x.y.z> -DOUT_DIR=<dir>
# OUT_DIR is emptied first: it holds exactly the pages `cmake --install` installs.
file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
set(work "${OUT_DIR}.work")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")

# help2man PROGRAM OUTPUT NAME_LINE HELP_OPTION INCLUDE_TEXT (UTF-8: the help text has dashes and arrows)
function(run_help2man program output name help_option include_text)
  file(WRITE "${work}/include" "${include_text}")
  execute_process(
    COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --locale=C.UTF-8 "--version-string=${VERSION}" "--name=${name}"
            "--help-option=${help_option}" "--include=${work}/include" "--output=${output}" "${program}"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man ${program} ${help_option}: ${err}")
  endif()
endfunction()

execute_process(COMMAND "${CLI}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${CLI} --help failed (${rc})")
endif()
# CLI11 lists them as "  name   description", one a line, after "Subcommands:".
string(REGEX REPLACE ".*\nSubcommands:\n" "" listing "${help}")
string(REPLACE "\n" ";" lines "${listing}")
set(subcommands "")
foreach(line IN LISTS lines)
  if(line MATCHES "^  ([a-z][a-z0-9-]*)  +(.*)$")
    list(APPEND subcommands "${CMAKE_MATCH_1}")
    set(description_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
  endif()
endforeach()
if(NOT subcommands)
  message(FATAL_ERROR "no subcommands found in `${CLI} --help`")
endif()

set(see_also "")
foreach(sub IN LISTS subcommands)
  string(APPEND see_also ".BR gatetune-${sub} (1),\n")
endforeach()
if(GUI)
  string(APPEND see_also ".BR gatetune-gui (1),\n")
endif()
string(REGEX REPLACE ",\n$" "\n" see_also "${see_also}")
run_help2man("${CLI}" "${OUT_DIR}/gatetune.1"
  "find the timeouts and pool sizes under which an LLM API gateway stops failing" "--help"
  "[SEE ALSO]\nEach command's page: gatetune-COMMAND(1).\n.PP\n${see_also}")

foreach(sub IN LISTS subcommands)
  set(page "${OUT_DIR}/gatetune-${sub}.1")
  run_help2man("${CLI}" "${page}" "${description_${sub}}" "${sub} --help" "[SEE ALSO]\n.BR gatetune (1)\n")
  # help2man names the page after the program; this page is the subcommand's.
  file(READ "${page}" text)
  string(REGEX REPLACE "\n\\.TH GATETUNE " "\n.TH GATETUNE-${sub} " text "${text}")
  string(REGEX REPLACE "\n\\.SH NAME\ngatetune " "\n.SH NAME\ngatetune-${sub} " text "${text}")
  string(TOUPPER "GATETUNE-${sub}" upper)
  string(REPLACE ".TH GATETUNE-${sub} " ".TH ${upper} " text "${text}")
  file(WRITE "${page}" "${text}")
endforeach()

if(GUI)
  # The desktop app makes its QApplication before parsing its options.
  set(ENV{QT_QPA_PLATFORM} offscreen)
  run_help2man("${GUI}" "${OUT_DIR}/gatetune-gui.1"
    "the Gatetune desktop app: simulate an LLM API gateway stack and tune it" "--help"
    "[SEE ALSO]\n.BR gatetune (1)\n")
endif()
file(REMOVE_RECURSE "${work}")
