"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    MEMBER_SELF = "rating.member.self", "Đảng viên tự đánh giá"
    MEMBER_PROPOSAL = "rating.member.proposal", "Đề xuất xếp loại đảng viên"
    MEMBER_DECISION = "rating.member.decision", "Quyết định xếp loại đảng viên"
    ORGANIZATION_SELF = "rating.organization.self", "Tổ chức tự đánh giá"
    ORGANIZATION_PROPOSAL = "rating.organization.proposal", "Đề xuất xếp loại tổ chức"
    ORGANIZATION_DECISION = "rating.organization.decision", "Quyết định xếp loại tổ chức"
    CORRECT = "rating.correct", "Điều chỉnh kết quả xếp loại đã khóa sổ"
    REVIEW_LOCK = "review.lock", "Phê duyệt, khóa sổ đánh giá"
    ROLLUPS_REBUILD = "review.rollups_rebuild", "Tính lại số liệu tổng hợp của năm đã khóa sổ"
    AWARD_CREATE = "award.create", "Khen thưởng"
    CAP_RAISE = "review.cap_raise", "Quyết định nâng giới hạn hoàn thành xuất sắc nhiệm vụ"
    CAP_GROUP = "review.cap_group", "Xác định nhóm đối tượng tương đồng"
    CAP_GROUP_CORRECT = "review.cap_group_correct", "Điều chỉnh nhóm đối tượng tương đồng"
    CAP_GROUP_CLOSE = "review.cap_group_close", "Thôi áp dụng nhóm đối tượng tương đồng"


declare("Đánh giá, xếp loại, khen thưởng", AuditAction)


class QuarterAuditAction(models.TextChoices):
    """The quarterly ratings (QĐ 366) and the superior's re-rating (Mẫu 03)."""

    QUARTER_MEMBER = "rating.quarter.member", "Xếp loại hằng quý đảng viên"
    QUARTER_ORGANIZATION = "rating.quarter.organization", "Xếp loại hằng quý tổ chức"
    RERATE = "rating.rerate", "Hủy kết quả xếp loại và xếp loại lại"


declare("Xếp loại hằng quý, xếp loại lại", QuarterAuditAction)
