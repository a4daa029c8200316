# Sourced by the launchers: the JVM flags Spark and ND4J need on Java 17.
GM_ADD_OPENS=""
for pkg in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
           java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action \
           sun.util.calendar; do
  GM_ADD_OPENS="$GM_ADD_OPENS --add-opens=java.base/$pkg=ALL-UNNAMED"
done
# dl4j-spark's SharedTrainingMaster (Aeron) refuses to start without this.
GM_JAVA_FLAGS="$GM_ADD_OPENS -Daeron.publication.unblock.timeout=60000000000"
