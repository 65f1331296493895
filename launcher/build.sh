# shellcheck shell=bash
# Maven: artifacts from the local repository (fetched when missing) and the EAR build.
# Sourced by ./tunnelgate; defines functions only.

# ---------------------------------------------------------------------------------------------
# Maven

maven_repo() { printf '%s' "${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"; }

# mvn with MAVEN_REPO_LOCAL (when set) as its local repository, like the rest of the launcher
run_mvn() {
    local repo=()
    [[ -n "${MAVEN_REPO_LOCAL:-}" ]] && repo=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
    mvn "${repo[@]}" "$@"
}

# ./tunnelgate test: without arguments every test — the normal `mvn -B verify`, then, only when
# that passed, the HA failover test (Maven profile ha, docs/ha.md). Two Maven runs, because the HA
# run starts its own cluster (harness-ha.sh) in place of the single-system harness. With arguments
# it is a plain `mvn -B verify ARGS`.
run_tests() {
    cd "$REPO_DIR"
    if (($#)); then
        step "running: mvn -B verify $*"
        run_mvn -B verify "$@"
        return
    fi
    local started=$SECONDS normal
    step "running every test: mvn -B verify, then the HA failover test"
    run_mvn -B verify
    normal=$((SECONDS - started))
    step "mvn -B verify passed in $normal s; the HA failover test: mvn -B verify -pl system-tests -am -Pha"
    run_mvn -B verify -pl system-tests -am -Pha -Dtest=none -Dit.test=HaClusterIT \
        -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
    info "every test passed: mvn -B verify in $normal s, the HA failover test in $((SECONDS - started - normal)) s"
}

# Finds an artifact in the local Maven repository, fetching it through Maven when missing.
maven_artifact() {
    local group="$1" artifact="$2" version="$3" type="$4" file
    file="$(maven_repo)/${group//.//}/$artifact/$version/$artifact-$version.$type"
    if [[ ! -f "$file" ]]; then
        # stdout is this function's answer (the path); progress goes to stderr
        info "fetching $group:$artifact:$version:$type through Maven" >&2
        mkdir -p "$TG_HOME/download"
        (cd "$REPO_DIR" && run_mvn -B -q -N dependency:copy -Dartifact="$group:$artifact:$version:$type" \
            -DoutputDirectory="$TG_HOME/download") >&2 || die "Maven could not fetch $group:$artifact:$version"
        file="$TG_HOME/download/$artifact-$version.$type"
    fi
    printf '%s' "$file"
}

# ---------------------------------------------------------------------------------------------
# build

ear_is_stale() {
    [[ -f "$EAR" ]] || return 0
    [[ -n "$(find "$REPO_DIR/pom.xml" "$REPO_DIR/ejb-core" "$REPO_DIR/portal-war" "$REPO_DIR/node-ear" \
        -path '*/target' -prune -o -type f -newer "$EAR" -print -quit 2>/dev/null)" ]]
}

build_if_needed() {
    case "${TUNNELGATE_BUILD:-auto}" in
        never)
            [[ -f "$EAR" ]] || die "no $EAR and TUNNELGATE_BUILD=never; build it with: mvn -B -DskipTests package"
            ear_is_stale && warn "sources are newer than $EAR (TUNNELGATE_BUILD=never, using it anyway)"
            return 0 ;;
        always) ;;
        *) ear_is_stale || return 0 ;;
    esac
    step "building the EAR (mvn -B -q -DskipTests package)"
    command -v mvn >/dev/null || die "Maven (mvn) is not installed: apt-get install maven"
    mkdir -p "$STATE_DIR"
    if ! (cd "$REPO_DIR" && run_mvn -B -q -DskipTests package) >"$STATE_DIR/build.log" 2>&1; then
        tail -40 "$STATE_DIR/build.log" >&2
        die "the build failed (full output in $STATE_DIR/build.log); fix it and run ./tunnelgate start again"
    fi
    [[ -f "$EAR" ]] || die "the build produced no $EAR"
    # Maven may leave an unchanged archive alone; the EAR is now as new as the sources
    touch "$EAR"
}
