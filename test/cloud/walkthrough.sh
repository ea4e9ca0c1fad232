#!/usr/bin/env bash
# The install guide's "Verify the Image Service installation", with this checkout's glance,
# against the local test cloud (started if it is not running). Every image it creates is
# deleted again at the end, also when a step fails.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
state=${GLANCE_CLOUD_STATE:-$repo/.cloud}
glance_js=$repo/bin/glance.js

if [ ! -f "$repo/dist/main.js" ]; then
  echo "walkthrough: build first (npm run build)" >&2
  exit 1
fi
bash "$repo/test/cloud/up.sh" "$state"
# shellcheck source=/dev/null
. "$state/admin-openrc.sh"

work=$(mktemp -d)
created=()
cleanup() {
  if [ "${#created[@]}" -gt 0 ]; then
    node "$glance_js" image-delete "${created[@]}" </dev/null >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() {
  printf '\n$ glance %s\n' "$*" >&2
}
glance() {
  node "$glance_js" "$@"
}

# A real qcow2 image made here (there is no internet to fetch cirros from): 64 MiB virtual,
# 4 MiB of data.
truncate -s 64M "$work/disk.raw"
dd if=/dev/urandom of="$work/disk.raw" bs=1M count=4 conv=notrunc status=none
qemu-img convert -f raw -O qcow2 "$work/disk.raw" "$work/cirros.img"

name="cirros-walkthrough-$$"
step "image-create --name $name --disk-format qcow2 --container-format bare --visibility public --progress < cirros.img"
glance image-create --name "$name" --disk-format qcow2 --container-format bare --visibility public --progress <"$work/cirros.img" | tee "$work/create.out"
id=$(awk '$2 == "id" { print $4 }' "$work/create.out")
created+=("$id")

step "image-create --name $name-2 --disk-format qcow2 --container-format bare --file cirros.img"
glance image-create --name "$name-2" --disk-format qcow2 --container-format bare --file "$work/cirros.img" </dev/null >"$work/create2.out"
created+=("$(awk '$2 == "id" { print $4 }' "$work/create2.out")")
echo "(created ${created[1]})" >&2

step "image-list"
glance image-list </dev/null

step "image-show $id"
glance image-show "$id" </dev/null

step "image-download $id --file downloaded.img"
glance image-download "$id" --file "$work/downloaded.img" </dev/null
cmp "$work/cirros.img" "$work/downloaded.img"
echo "(downloaded data is identical to cirros.img)" >&2

step "image-update $id --name $name-renamed --property os_distro=cirros"
glance image-update "$id" --name "$name-renamed" --property os_distro=cirros </dev/null >/dev/null
glance image-show "$id" </dev/null | grep -E '^\| (name|os_distro) '

step "image-tag-update $id smoke"
glance image-tag-update "$id" smoke </dev/null

step "image-delete ${created[*]}"
glance image-delete "${created[@]}" </dev/null
created=()
echo "(deleted)" >&2
echo >&2
echo "walkthrough passed: glance talked to Keystone and Glance at $OS_AUTH_URL" >&2
