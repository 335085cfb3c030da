# Sourced by ./camgate and ./run-tests. Sets JAVA_HOME to a JDK >= 21, or explains what to install.
# Order: JAVA_HOME, then java on PATH, then the newest JDK under /usr/lib/jvm.

java_major() {
    # The JDK's release file says it without starting a JVM (which would cost half a second on every start).
    if [ -f "$1/release" ]; then
        sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$1/release" | head -n1
    else
        "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
    fi
}

is_jdk21() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    major=$(java_major "$1")
    [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null
}

find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && is_jdk21 "$JAVA_HOME"; then
        return 0
    fi
    if command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        if is_jdk21 "$candidate"; then
            JAVA_HOME=$candidate
            return 0
        fi
    fi
    for candidate in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ 2>/dev/null | sort -rV); do
        candidate=${candidate%/}
        if is_jdk21 "$candidate"; then
            JAVA_HOME=$candidate
            return 0
        fi
    done
    return 1
}

if ! find_jdk; then
    echo "camgate needs a Java Development Kit, version 21 or newer, and none was found." >&2
    echo "Install one, for example: sudo apt-get install openjdk-21-jdk (Debian 13 / Ubuntu 24.04)," >&2
    echo "or Temurin 21+ from adoptium.net, then run this again (or set JAVA_HOME to it)." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

need_mvn() {
    if ! command -v mvn >/dev/null 2>&1; then
        echo "camgate is built with Apache Maven, which was not found. Install it: sudo apt-get install maven" >&2
        exit 1
    fi
}

# Maven's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the flag that silences it is unknown before 23.
if [ "$(java_major "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
