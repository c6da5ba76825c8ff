"""Generic field labels printed on the forms (Japanese, with an English hint).

Only wording that is not a policy fact lives here: field names, honorifics, instructions for
signing. Form names, document names, amounts and the organisation come from the knowledge base.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "reference": ("受付番号", "Reference"),
    "date": ("請求日", "Date"),
    "addressee_suffix": ("御中", ""),
    "kind": ("請求の種類", "Request"),
    "requester": ("請求者", "Requested by"),
    "self": ("本人", "the person"),
    "agent": ("代理人", "an agent"),
    "name": ("氏名（ご本人）", "Name of the person"),
    "affiliation": ("所属（会社名）", "Organisation"),
    "reply_to": ("回答の送付先", "Reply to"),
    "email": ("メール", "E-mail"),
    "postal_address": ("住所", "Address"),
    "agent_name": ("代理人氏名", "Agent's name"),
    "details": ("請求の対象となる個人情報", "Data concerned"),
    "enclosures": ("同封書類", "Enclosures"),
    "enclosures_self": ("ご本人による請求", "Request by the person"),
    "enclosures_agent": ("代理人による請求", "Request by an agent"),
    "no_fee": ("手数料はかかりません（郵便切手は不要です）。", "No fee (no stamps needed)."),
    "signature": ("申請者署名", "Signature"),
    "agent_signature": ("代理人署名", "Agent's signature"),
    "seal": ("印", "seal"),
    "mail_to": ("送付先", "Mail to"),
    "office_use": ("事務局記入欄", "For office use"),
    "received_on": ("受付日", "Received"),
    "id_checked": ("本人確認", "ID checked"),
    "fee_checked": ("手数料", "Fee"),
    "handled_by": ("担当", "Handled by"),
    "intro": ("{organization}の{policy_title}に基づき、下記のとおり請求します。",
              "I make the request below under the {policy_title_en} of {organization_en}."),
    "not_applicable": ("—", ""),
    # Power of attorney (委任状)
    "poa_title": ("委任状", "Power of attorney"),
    "poa_date": ("　　　　年　　月　　日", ""),
    "principal": ("委任者（ご本人）", "Principal (the person)"),
    "principal_signature": ("氏名（自署）", "Name (own handwriting)"),
    "registered_seal": ("実印", "registered seal"),
    "poa_body": ("私は、次の者を代理人と定め、下記の事項を委任します。",
                 "I appoint the person below as my agent and delegate the following matter."),
    "poa_agent": ("代理人（受任者）", "Agent"),
    "poa_agent_name": ("氏名", "Name"),
    "poa_ki": ("記", ""),  # opens the list of particulars in a formal letter
    "poa_matter_title": ("委任事項", "Matter delegated"),
    "poa_matter": ("{organization}に対する「{form}」による個人情報の{kind}の請求（受付番号 {reference}）に関する一切の権限",
                   "All powers concerning the request ({kind_en}) by the form {form_en} (reference {reference})."),
}

CHECKED, UNCHECKED = "☑", "☐"
TICK_BOX = "□"


def ja(key: str) -> str:
    """The Japanese label."""
    return LABELS[key][0]


def en(key: str) -> str:
    """The English hint (may be empty)."""
    return LABELS[key][1]
