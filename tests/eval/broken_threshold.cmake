# A profile with one limit broken (PROFILE) must make the evaluator of LABELS report a regression of
# that check (CHECK) against BASELINE, exit 1, blame no other check, and list it in the Markdown.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(
  COMMAND "${CLI}" eval "${LABELS}" --profile "${PROFILE}" --baseline "${BASELINE}" --jobs 2
          --markdown "${WORK}/report.md" --quiet
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL 1)
  message(FATAL_ERROR "expected exit status 1 (regression), got '${status}'")
endif()
string(REPLACE "." "\\." check_pattern "${CHECK}")
if(NOT err MATCHES "regression: ${check_pattern}: accuracy 0\\.[0-9]+ < baseline [01]")
  message(FATAL_ERROR "expected a ${CHECK} regression below its baseline")
endif()
string(REGEX MATCHALL "regression: [a-z_.]+" blamed "${err}")
list(REMOVE_DUPLICATES blamed)
if(NOT blamed STREQUAL "regression: ${CHECK}")
  message(FATAL_ERROR "expected ${CHECK} alone to regress, got: ${blamed}")
endif()
file(READ "${WORK}/report.md" report)
if(NOT report MATCHES "Baseline regressions")
  message(FATAL_ERROR "the Markdown report does not list the regression")
endif()
