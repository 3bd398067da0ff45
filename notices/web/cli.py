"""``notices serve``: the web form on 127.0.0.1, for secretaries who do not write YAML."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import click

from notices.errors import UserError


@click.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Cổng trên máy này.")
@click.option("--db", metavar="URL", help="Sổ đăng ký văn bản (đường dẫn SQLite hoặc URL PostgreSQL) cho “Cấp số”.")
@click.option("--office", "office_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Hồ sơ cơ quan (office.yaml: cơ quan, người ký, nơi nhận mặc định) điền sẵn vào biểu mẫu; "
                   "mặc định: office.yaml ở thư mục hiện tại hoặc thư mục cha.")
@click.option("--open", "open_browser", is_flag=True, help="Mở trang trong trình duyệt.")
def serve(port: int, db: str | None, office_path: Path | None, open_browser: bool) -> None:
    """Mở biểu mẫu soạn hồ sơ trên trình duyệt (chỉ trên máy này, 127.0.0.1), xem trước và tải văn bản."""
    try:
        import uvicorn

        from notices.web.app import Settings, create_app
        from notices.web.service import office_defaults
    except ImportError as exc:
        raise UserError(f"Thiếu thư viện cho biểu mẫu web ({exc.name}); hãy cài: pip install 'notices[web]'.") \
            from None
    with socket.socket() as probe:  # a clear message instead of uvicorn's, when the port is taken
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise UserError(f"Cổng {port} đang được dùng; hãy chọn cổng khác, ví dụ --port {port + 1}.") from None
    profile, office = office_defaults(office_path)
    settings = Settings(profile=profile, office=office, db=db, port=port)
    app = create_app(settings)
    address = f"http://127.0.0.1:{port}/"
    click.echo(f"notices đang chạy tại {address} — nhấn Ctrl+C để dừng.")
    if open_browser:
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", server_header=False)
