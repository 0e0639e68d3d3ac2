# SPDX-License-Identifier: MIT
# Sourced by Flakeoff's scripts that run nix themselves (fixtures, checks): appends to NIX_CONFIG,
# after the user's own lines, what Flakeoff's programs add for offline builds with host tools
# (src/core/nix/NixSettings.cpp, NixSettings::added({offline, hostTools})). The user's nix.conf,
# daemon and sandbox stay as they are.
flakeoff_sandbox_paths=
for p in /bin /usr /lib /lib64 /etc/alternatives /var/lib/dpkg /root/.cargo /root/.rustup "$HOME/.cargo" "$HOME/.rustup"; do
  [ -e "$p" ] && case " $flakeoff_sandbox_paths " in *" $p "*) ;; *) flakeoff_sandbox_paths="$flakeoff_sandbox_paths $p" ;; esac
done
NIX_CONFIG="${NIX_CONFIG:+$NIX_CONFIG
}extra-experimental-features = nix-command flakes
substituters =
sandbox-paths =$flakeoff_sandbox_paths"
export NIX_CONFIG
unset flakeoff_sandbox_paths p
