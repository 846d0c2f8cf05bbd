"""The sample generator's command line: write a campaign's sample inbox, with planted defects.

Usage::

    python -m samples.generate {banzu|studio|youzhi|chuangjian|wuxiao} DEST [--named-list FILE]

``banzu`` is samples/banzu.py's inbox (2024 江苏 创新型班组对标竞赛), ``studio`` samples/studio.py's (2024 河南
劳模工匠创新工作室), ``youzhi`` samples/youzhi.py's (2020 江苏 基层工会服务教职工优质项目), ``chuangjian``
samples/chuangjian.py's (2022 济宁医学院 创新工作室创建), ``wuxiao`` samples/wuxiao.py's (2023 阳泉“五小”竞赛);
``--named-list`` also writes last year's 命名名单 (samples/named_list.py), the registry
fixture. The campaigns hold the data the tests compare against and write their files with the shared
form-writing library (samples/forms.py); this module only picks one and reports what it wrote.

May import: the campaigns (samples.banzu, samples.studio, samples.youzhi, samples.wuxiao) and samples.named_list. Nothing imports it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description="生成带预置问题的样例收件箱。")
    parser.add_argument("profile", choices=["banzu", "studio", "youzhi", "chuangjian", "wuxiao"],
                        help="活动配置：banzu、studio、youzhi、chuangjian 或 wuxiao")
    parser.add_argument("dest", type=Path, help="输出目录（不存在或为空）")
    parser.add_argument("--named-list", type=Path, metavar="FILE",
                        help="另外生成上一年度的命名名单（.xlsx，登记库样例）；不能放在输出目录里面")
    args = parser.parse_args(argv)
    if args.named_list and args.named_list.resolve().is_relative_to(args.dest.resolve()):
        print(f"错误：命名名单不能放在收件文件夹里面（那里的文件都会当作申报材料读取）：{args.named_list}",
              file=sys.stderr)
        return 2
    # Imported here: each campaign checks its data when imported, and only the chosen one is needed.
    if args.profile == "chuangjian":
        from samples import chuangjian

        build, units, entries, noun, expected = (chuangjian.build_chuangjian_inbox, chuangjian.CHUANGJIAN_UNITS,
                                                 "studios", "工作室", chuangjian.EXPECTED_CHUANGJIAN)
    elif args.profile == "wuxiao":
        from samples import wuxiao

        build, units, entries, noun, expected = (wuxiao.build_wuxiao_inbox, wuxiao.WUXIAO_UNITS, "results", "成果",
                                                 wuxiao.EXPECTED_WUXIAO)
    elif args.profile == "youzhi":
        from samples import youzhi

        build, units, entries, noun, expected = (youzhi.build_youzhi_inbox, youzhi.YOUZHI_UNITS, "projects", "项目",
                                                 youzhi.EXPECTED_YOUZHI)
    elif args.profile == "studio":
        from samples import studio

        build, units, entries, noun, expected = (studio.build_studio_inbox, studio.STUDIO_UNITS, "studios",
                                                 "工作室", studio.EXPECTED_STUDIO)
    else:
        from samples import banzu

        build, units, entries, noun, expected = (banzu.build_banzu_inbox, banzu.BANZU_UNITS, "banzu", "班组",
                                                 banzu.EXPECTED_BANZU)
    try:
        out = build(args.dest)
    except (FileExistsError, RuntimeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    n_forms = sum(len(u[entries]) for u in units)
    n_files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"已生成样例收件箱 {out}：{len(units)} 个推荐单位、{n_forms} 个{noun}、{n_files} 个文件，"
          f"预置问题 {len(expected)} 条。")
    if args.named_list:
        from samples.named_list import named_list, write_named_list

        year, _title, rows = named_list(args.profile)
        path = write_named_list(args.profile, args.named_list)
        print(f"已生成 {year} 年度命名名单 {path}：{len(rows)} 条。导入登记库：huishen registry import {path} "
              f"--campaign {args.profile} --year {year}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
