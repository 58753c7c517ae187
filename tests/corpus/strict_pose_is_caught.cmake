# The six-point estimator's limits (pose.yaw failing beyond ±5°, no review band) rejected 43 % of
# the test split's frontal portraits: a profile with them must make the real-photo regression
# report pose.yaw below its baseline, exit 1, and blame no check other than pose.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/strict.toml" [=[
extends = "fr-ants"
name = "fr-ants-strict-pose"
description = "fr-ants with pose.yaw failing at the rule's ±5°, to prove the corpus regression fails"

[checks."pose.yaw"]
limits.angle = { min = -5, max = 5 }
]=])
execute_process(
  COMMAND "${CLI}" eval "${LABELS}" --profile "${WORK}/strict.toml" --baseline "${BASELINE}" --jobs 2 --quiet
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL 1)
  message(FATAL_ERROR "expected exit status 1 (regression), got '${status}'")
endif()
string(REGEX MATCHALL "regression: [a-z_.]+" blamed "${err}")
list(REMOVE_DUPLICATES blamed)
if(NOT blamed STREQUAL "regression: pose.yaw")
  message(FATAL_ERROR "expected pose.yaw alone to regress, got: ${blamed}")
endif()
