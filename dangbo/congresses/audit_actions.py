"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    ROUND_OPEN = "congress.round.open", "Mở đợt đại hội"
    PLAN = "congress.plan", "Lập kế hoạch đại hội"
    STAGE_PLANNED = "congress.stage.planned", "Đại hội: lên kế hoạch"
    STAGE_PROPOSAL = "congress.stage.proposal", "Đại hội: có đề án nhân sự"
    STAGE_DOCUMENTS = "congress.stage.documents", "Đại hội: dự thảo văn kiện"
    STAGE_OPINION = "congress.stage.opinion", "Đại hội: xin ý kiến cấp trên"
    STAGE_HELD = "congress.stage.held", "Đại hội: đã tiến hành"
    STAGE_APPROVED = "congress.stage.approved", "Đại hội: cấp trên chuẩn y kết quả"
    PROPOSAL_SAVE = "congress.proposal.save", "Lưu đề án nhân sự"
    ELECTION_CREATE = "congress.election.create", "Tạo cuộc bầu cử"
    CANDIDATE_ADD = "congress.candidate.add", "Thêm người vào danh sách bầu cử"
    CANDIDATE_REMOVE = "congress.candidate.remove", "Bớt người khỏi danh sách bầu cử"
    ELECTION_OPEN = "congress.election.open", "Mở bỏ phiếu"
    BALLOT_ENTER = "congress.ballot.enter", "Nhập phiếu bầu"
    BALLOT_REMOVE = "congress.ballot.remove", "Xóa phiếu bầu đã nhập"
    ELECTION_COUNT = "congress.election.count", "Kiểm phiếu"
    ELECTION_FURTHER_ROUND = "congress.election.further_round", "Bầu thêm vòng"
    EXPORT_ELECTION_MINUTES = "export.election_minutes", "Xuất biên bản kiểm phiếu"
    EXPORT_ELECTION_RESULTS = "export.election_results", "Xuất kết quả bầu cử"


declare("Đại hội, bầu cử", AuditAction)
