"""The mix of pages of the load test (bench/loadtest.py, bench/locustfile.py): the menu of the page
header, the links of the home page and the pages a district officer opens from them, as many times
each as a working day sees it."""

from __future__ import annotations


def menu_pages(district: str, ward: str) -> list[tuple[str, str, str]]:
    """(label, path, text the page must contain) of the demo's district and one of its wards."""
    return [
        ("home", "/", "Việc cần làm"),
        ("member list", "/dang-vien/", "Đảng viên"),
        ("organization tree", "/to-chuc/", "Tổ chức"),
        ("a ward's page", f"/to-chuc/{ward}/", "Tổ chức"),
        ("member search", "/dang-vien/?q=nguyen+van", "Đảng viên"),
        ("review", "/danh-gia/", "Đánh giá"),
        ("member list, a ward", f"/dang-vien/?org={ward}", "Đảng viên"),
        ("year's report, district", f"/bao-cao/danh-gia/?org={district}&nam=2019", "5.852"),
        ("targets", "/chi-tieu/", "Chỉ tiêu"),
        ("home", "/", "Việc cần làm"),
        ("member list, page 3", "/dang-vien/?trang=3", "Đảng viên"),
        ("cell meetings", "/sinh-hoat/", "Sinh hoạt"),
        ("review of a ward", f"/danh-gia/2019/to-chuc/{ward}/", "Đánh giá"),
        ("planning", "/quy-hoach/", "Quy hoạch"),
        ("congresses", "/dai-hoi/", "Đại hội"),
        ("dashboard", f"/bao-cao/tong-quan/?org={district}", "Tổng quan"),
        ("year's report, a ward", f"/bao-cao/danh-gia/?org={ward}&nam=2019", "Báo cáo"),
        ("Excel", "/nhap-xuat/", "Nhập"),
        ("header search", "/tim-kiem/?tim=tran", "Tìm"),
        ("admissions", "/phat-trien-dang-vien/", "Phát triển đảng viên"),
        ("conversions due", "/dang-vien/chuyen-chinh-thuc/", "chính thức"),
        ("statistics", "/thong-ke/", "Thống kê"),
        ("badges", "/huy-hieu/", "Huy hiệu"),
        ("check figures", "/bao-cao/kiem-tra-so-lieu/", "Kiểm tra"),
        ("dues", f"/dang-phi/?org={district}&nam=2026", "Đảng phí"),
        ("audit log", "/nhat-ky/", "Nhật ký"),
    ]
