"""An operating-system error in plain Chinese, for messages users read (the system's own text, "Is a directory",
"Read-only file system", is English; the details go to huishen.log where they are logged).

Imports the standard library only.
"""

from __future__ import annotations

import errno

__all__ = ["os_error_text"]

_TEXTS = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "所在的磁盘只能读、不能写",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENAMETOOLONG: "路径太长，超过系统允许的长度",
    errno.ENOENT: "文件或文件夹已不存在",
    errno.ENOTDIR: "路径中有一个同名的文件挡住了文件夹",
    errno.EISDIR: "那里是一个同名的文件夹",
    errno.EEXIST: "那里已有同名的文件或文件夹",
    errno.ELOOP: "链接层层相互指向（循环链接）",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ETXTBSY: "文件正被其他程序使用",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
    errno.EXDEV: "不能跨磁盘移动",
}


def os_error_text(e: OSError) -> str:
    """``e`` in Chinese words ("磁盘空间已满"); an error without a wording here is named by its number."""
    code = getattr(e, "errno", None)
    if code in _TEXTS:
        return _TEXTS[code]
    if isinstance(e, PermissionError):
        return "没有权限"
    if isinstance(e, TimeoutError):
        return "等待超时"
    return f"系统错误（编号 {code}）" if code else "系统错误"
