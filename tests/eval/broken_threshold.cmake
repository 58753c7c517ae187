# A profile that allows a white background (bg.colour lightness 0-100) must make the evaluator
# report a bg.colour regression against the baseline, exit 1, and blame no other check.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/broken.toml" [=[
extends = "fr-ants"
name = "fr-ants-broken"
description = "fr-ants with the white background allowed, to prove the regression test fails"

[checks."bg.colour"]
limits.lightness = { min = 0, max = 100 }
]=])
execute_process(
  COMMAND "${CLI}" eval "${LABELS}" --profile "${WORK}/broken.toml" --baseline "${BASELINE}" --jobs 2
          --markdown "${WORK}/report.md"
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL 1)
  message(FATAL_ERROR "expected exit status 1 (regression), got '${status}'")
endif()
if(NOT err MATCHES "regression: bg\\.colour: accuracy 0\\.[0-9]+ < baseline 1")
  message(FATAL_ERROR "expected a bg.colour regression below its baseline of 1")
endif()
string(REGEX MATCHALL "regression: [a-z_.]+" blamed "${err}")
list(REMOVE_DUPLICATES blamed)
if(NOT blamed STREQUAL "regression: bg.colour")
  message(FATAL_ERROR "expected bg.colour alone to regress, got: ${blamed}")
endif()
file(READ "${WORK}/report.md" report)
if(NOT report MATCHES "Baseline regressions")
  message(FATAL_ERROR "the Markdown report does not list the regression")
endif()
