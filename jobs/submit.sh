#!/usr/bin/env bash
# Runs a guidedmixup command (augment, train) on a Spark cluster through spark-submit, with the
# project's job jar. Called by jobs/augment.sh and jobs/train.sh:
#
#   jobs/submit.sh COMMAND --master spark://host:7077 [spark-submit options] [command flags]
#
# spark-submit options (--master, --deploy-mode, --conf K=V, --executor-memory, ...) go to
# spark-submit; every other argument goes to COMMAND (see jobs/guidedmixup COMMAND --help).
# Needs spark-submit on PATH or $SPARK_HOME (Spark 3.5, Scala 2.12, Java 17). The job jar is built
# on first use (mvn -DskipTests package). SPARK_SUBMIT overrides the spark-submit command.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/jobs/java-opts.sh"
COMMAND="${1:?usage: jobs/submit.sh augment|train [spark-submit options] [flags]}"
shift

job_jar() { ls -t "$ROOT"/target/guidedmixup-*-job.jar 2>/dev/null | head -n 1; }
JAR="$(job_jar)"
if [ -z "$JAR" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/src/main" "$ROOT/conf/augment.conf" "$ROOT/conf/train.conf" -newer "$JAR" -print -quit)" ]; then
  echo "$COMMAND: building the job jar ..." >&2
  (cd "$ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package >&2) || { echo "error: building the job jar failed; run 'mvn -B package' in $ROOT" >&2; exit 1; }
  JAR="$(job_jar)"
fi

if [ -n "${SPARK_SUBMIT:-}" ]; then
  read -r -a SUBMIT <<< "$SPARK_SUBMIT"
elif command -v spark-submit >/dev/null 2>&1; then
  SUBMIT=(spark-submit)
elif [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  SUBMIT=("$SPARK_HOME/bin/spark-submit")
else
  echo "error: spark-submit not found; put Spark 3.5's bin/ on PATH or set SPARK_HOME (or use jobs/guidedmixup $COMMAND to run in-process)" >&2
  exit 2
fi

SPARK_ARGS=()
JOB_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master|--deploy-mode|--conf|--executor-memory|--executor-cores|--num-executors|--driver-memory|\
    --driver-cores|--total-executor-cores|--queue|--name|--jars|--packages|--files|--properties-file|\
    --keytab|--principal|--repositories|--driver-class-path)
      [ $# -ge 2 ] || { echo "error: $1 needs a value" >&2; exit 2; }
      SPARK_ARGS+=("$1" "$2"); shift 2 ;;
    --supervise|--verbose)
      SPARK_ARGS+=("$1"); shift ;;
    *)
      JOB_ARGS+=("$1"); shift ;;
  esac
done

exec "${SUBMIT[@]}" \
  --class org.guidedmixup.cli.Main \
  --conf "spark.driver.extraJavaOptions=$GM_JAVA_FLAGS -Dguidedmixup.defaults=$ROOT/conf/augment.conf -Dguidedmixup.home=$ROOT" \
  --conf "spark.executor.extraJavaOptions=$GM_JAVA_FLAGS" \
  --conf "spark.executorEnv.OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}" \
  "${SPARK_ARGS[@]}" \
  "$JAR" "$COMMAND" "${JOB_ARGS[@]}"
