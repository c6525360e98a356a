# Under the sanitizer presets the glue (the suites, the command line, the live gateway, the desktop
# app) compiles at -O0 and the model at -O1 (top-level CMakeLists.txt). Both emit out-of-line
# copies of the same inline functions (Rng::next_u64, std::array::operator[], the event heap's
# helpers), and the linker keeps the first copy it reads. A program's own -O0 objects come first on
# its link line, so wherever the model's inliner had left a call (UBSan's checks make small
# functions too big to inline at -O1) its hot loops ran the unoptimised copy. Linking the optimised
# libraries' objects ahead of everything else keeps their copies instead: one diagnosis round trip
# under ASan + UBSan took 9.3 s instead of 14.4 s. Release builds are not touched.
#   gatetune_link_optimised_first(<target>): for each library of GATETUNE_OPTIMISED_LIBRARIES that
#   <target> links (directly or through other libraries), its objects go first on the link line.

set(GATETUNE_OPTIMISED_LIBRARIES gatetune_engine gatetune_model gatetune_diagnosis)

# The targets <target> links, directly or through the libraries it links.
function(gatetune_link_closure target out)
  set(seen "")
  set(todo ${target})
  while(todo)
    list(POP_FRONT todo t)
    if(NOT TARGET ${t} OR t IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${t})
    get_target_property(type ${t} TYPE)
    set(properties INTERFACE_LINK_LIBRARIES)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      list(APPEND properties LINK_LIBRARIES)
    endif()
    foreach(property IN LISTS properties)
      get_target_property(libraries ${t} ${property})
      if(libraries)
        list(APPEND todo ${libraries})
      endif()
    endforeach()
  endwhile()
  set(${out} ${seen} PARENT_SCOPE)
endfunction()

function(gatetune_link_optimised_first target)
  if(NOT GATETUNE_SANITIZE OR GATETUNE_FUZZ)
    return()
  endif()
  gatetune_link_closure(${target} linked)
  set(archives "")
  foreach(library IN LISTS GATETUNE_OPTIMISED_LIBRARIES)
    if(library IN_LIST linked)
      list(APPEND archives "$<TARGET_FILE:${library}>")
    endif()
  endforeach()
  if(archives)
    # Link options come before a program's objects; the same archives are still linked in their
    # usual place, where nothing is left for them to add.
    target_link_options(${target} PRIVATE -Wl,--whole-archive ${archives} -Wl,--no-whole-archive)
  endif()
endfunction()
