# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by Flakeoff's set-up scripts: Nix's build users as its multi-user installer makes them, a
# group whose members (system users, no home, no shell) only build.
#
#   flakeoff_build_users GROUP [COUNT]   creates GROUP and its users GROUP1…GROUPCOUNT (default 10)
#                                        where missing; idempotent
#
# One group per Nix that builds on this machine: the system's Nix keeps `nixbld`, and each Nix
# beside it (scripts/setup-nix-2.26.sh's stores, the daemon's, the remote builder's) has its own.
# A Nix kills whatever a build user still runs before it builds as that user, and keeps its own
# locks on them: two stores building as the same users kill each other's builds mid-way.
flakeoff_build_users() {
  local group=$1 count=${2:-10} i user
  getent group "$group" >/dev/null || groupadd --system "$group"
  for i in $(seq 1 "$count"); do
    user=$group$i
    if ! getent passwd "$user" >/dev/null; then
      useradd --system --gid "$group" --groups "$group" --home-dir /var/empty --no-create-home \
        --shell /usr/sbin/nologin --comment "Nix build user $i ($group)" "$user"
    elif ! id -nG "$user" | tr ' ' '\n' | grep -qx "$group"; then
      # Nix builds as the group's listed members only.
      usermod --append --groups "$group" "$user"
    fi
  done
}
