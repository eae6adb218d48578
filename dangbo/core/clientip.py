"""The client's address behind a reverse proxy (DANGBO_TRUSTED_PROXIES): X-Forwarded-For is believed
only when the request comes from a trusted proxy, and then read from the right (each proxy appends
the address it received from), skipping trusted proxies: the first address that is not one is the
client. A client cannot forge it: what it writes itself is to the left of what our proxy appended.
Used by the lockout (django-axes, AXES_CLIENT_IP_CALLABLE) and by the audit trail."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """ "10.0.0.1", "10.0.0.0/8", "::1" → networks; a wrong entry fails loudly."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"DANGBO_TRUSTED_PROXIES: “{entry}” không phải địa chỉ IP hay dải địa chỉ (CIDR) hợp lệ."
            ) from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: Any) -> str | None:
    """The address of the client of `request` (an HttpRequest, or anything with META)."""
    meta = getattr(request, "META", None) or {}
    remote = str(meta.get("REMOTE_ADDR") or "").strip() or None
    networks = trusted_networks(tuple(settings.DANGBO_TRUSTED_PROXIES or ()))
    if remote is None or not networks:
        return remote
    peer = _address(remote)
    if peer is None or not _trusted(peer, networks):
        return remote
    forwarded = [part for part in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    client = peer
    for part in reversed(forwarded):
        hop = _address(part)
        if hop is None:
            break  # not an address: stop at the last one our proxies vouched for
        client = hop
        if not _trusted(hop, networks):
            break
    return str(client)
