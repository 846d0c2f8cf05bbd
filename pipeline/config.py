"""Where bundled profiles live and how a --profile argument is resolved."""

from __future__ import annotations

from pathlib import Path

from extractors.profile import Profile, ProfileError, load_profile

BUNDLED = Path(__file__).resolve().parent / "profiles"


def bundled_profiles() -> dict[str, Path]:
    return {p.stem: p for p in sorted(BUNDLED.glob("*.toml"))}


def resolve_profile(name_or_path: str) -> Profile:
    """A bundled profile by name, or a profile file by path."""
    p = Path(name_or_path)
    if p.suffix == ".toml" and p.exists():
        return load_profile(p)
    found = bundled_profiles().get(name_or_path)
    if found is None:
        names = "、".join(bundled_profiles()) or "（无）"
        raise ProfileError(f"找不到配置“{name_or_path}”。可用的配置：{names}；也可以给出 .toml 文件路径。")
    return load_profile(found)
