// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Kinds of balance change the token reports to compliance (`TransferInfo.kind`).
/// @dev Holder transfers and mints are checked by the modules; burns and agent transfers (forced transfer,
/// recovery) are only recorded, so that no module can ever block an agent's redemption or court-ordered move.
library TransferKind {
    /// @notice A holder transfer (`transfer`, `transferFrom`, `batchTransfer`).
    uint8 internal constant TRANSFER = 0;
    /// @notice A mint by an agent: checked like a transfer from nobody.
    uint8 internal constant MINT = 1;
    /// @notice A burn by an agent: recorded, never blocked.
    uint8 internal constant BURN = 2;
    /// @notice A forced transfer or recovery by an agent: recorded, never blocked (recipient still verified).
    uint8 internal constant FORCED = 3;

    /// @notice Not a balance change: the token re-reports a holding wallet's registry record
    /// (`Token.syncInvestorRecord`, after the registry's `updateIdentity` or `updateCountry`): `from` = `to` = the
    /// wallet, `amount` = `fromBalance` = `toBalance` = its balance, identities and countries = its record now. Modules
    /// keyed by identity or country move the wallet from what they recorded to this; never checked, never blocked.
    uint8 internal constant RECORD = 4;

    /// @notice A departure: the holder's own tokens leave this chain for a wallet of the same identity on another
    /// chain (ERC-7802 `crosschainBurn` by the asset's bridge). Checked on the sender's side (the token: pause,
    /// freezes, unfrozen and unlocked balance; modules hooking it: lock-ups), recorded like a burn (`to` is zero).
    uint8 internal constant CROSSCHAIN_OUT = 5;
    /// @notice An arrival: tokens that left another chain of the asset are minted here (ERC-7802 `crosschainMint` by
    /// the asset's bridge). Checked like a mint on the recipient's side (verified, not frozen, country, holders,
    /// balances) and recorded like a mint (`from` is zero). Not issuance: supply caps and lock-up periods ignore it.
    uint8 internal constant CROSSCHAIN_IN = 6;

    /// @notice Bit set of the kinds a module may refuse (bit `k` for kind `k`): holder transfers, mints, departures
    /// and arrivals. The others (agent moves, record syncs) are recorded, never blocked.
    uint8 internal constant CHECKED_KINDS = 0x63;

    /// @notice `hookedKinds` mask of a recipient-side rule that keeps no state: checked on holder transfers, mints
    /// and arrivals (a departure has no recipient on this chain).
    uint8 internal constant MASK_CHECKED = 0x43;
    /// @notice `hookedKinds` mask of a module that records every kind of balance change.
    uint8 internal constant MASK_ALL = 0x6f;
    /// @notice `hookedKinds` mask of a module that records every balance change and keys state by identity or
    /// country, so it also needs `RECORD`.
    uint8 internal constant MASK_ALL_RECORD = 0x7f;

    /// @notice Whether modules may refuse a move of `kind` (see `CHECKED_KINDS`).
    function isChecked(uint8 kind) internal pure returns (bool) {
        return (CHECKED_KINDS >> kind) & 1 == 1;
    }
    /// @notice `hookedKinds` flag (bit 7, beside the kind bits) of a module that acts only when a wallet's balance
    /// crosses zero: a recipient holding nothing before the move, or a sender moving its whole balance (`amount` non
    /// zero, `from` != `to`), and on every `RECORD`. The compliance skips its `check` and `moduleTransfer` on every
    /// other move, for which the module must return 0 and record nothing (e.g. a holder count).
    uint8 internal constant ONLY_ZERO_CROSSING = 0x80;
}

/// @notice Everything a module needs about one balance change, gathered once by the token, so modules never call
/// back into the token or the registry on the transfer path. Amounts are in token base units.
/// @param kind A `TransferKind` constant.
/// @param from Sender (zero for a mint).
/// @param to Recipient (zero for a burn).
/// @param amount Amount moved.
/// @param fromBalance Sender's balance before the move (0 for a mint).
/// @param toBalance Recipient's balance before the move (0 for a burn).
/// @param fromIdentity Sender's ONCHAINID in the token's registry (zero for a mint or an unregistered sender).
/// @param toIdentity Recipient's ONCHAINID (zero for a burn).
/// @param fromCountry Sender's ISO-3166 numeric country (0 when unknown).
/// @param toCountry Recipient's ISO-3166 numeric country (0 when unknown).
struct TransferInfo {
    uint8 kind;
    address from;
    address to;
    uint256 amount;
    uint256 fromBalance;
    uint256 toBalance;
    address fromIdentity;
    address toIdentity;
    uint16 fromCountry;
    uint16 toCountry;
}

/// @title IComplianceModule
/// @notice A compliance module singleton. State is keyed by the calling compliance (`msg.sender`), so one
/// deployment serves every token. Configuration calls arrive through `ModularCompliance.callModuleFunction`.
interface IComplianceModule {
    /// @notice The restriction code for a transfer of `amount` token base units from `from` to `to`
    /// under `compliance` (0 = allowed). `from` is zero for a mint. Reads balances and registry records itself:
    /// meant for off-chain pre-checks.
    /// @param compliance The compliance whose configuration applies.
    /// @return code A code from the shared restriction table.
    function checkTransfer(address compliance, address from, address to, uint256 amount)
        external
        view
        returns (uint8 code);

    /// @notice The restriction code for the balance change `t` under `compliance` (0 = allowed).
    /// @param compliance The compliance whose configuration applies.
    /// @param t The balance change, as the token reports it.
    /// @return code A code from the shared restriction table.
    function check(address compliance, TransferInfo calldata t) external view returns (uint8 code);

    /// @notice Hook for every balance change, called by the compliance (`msg.sender`) after the token has moved the
    /// balances: checks `t` (holder transfers and mints) and, when allowed, records it in the module's state.
    /// @dev Returns a non-zero code instead of reverting; the token then reverts the whole transaction with
    /// `TransferNotCompliant`, which undoes the recording too. Burns and forced transfers are recorded and get 0.
    /// @param t The balance change.
    /// @return code 0 when allowed, else a code from the shared restriction table.
    function moduleTransfer(TransferInfo calldata t) external returns (uint8 code);

    /// @notice Which kinds of balance change the module's hook needs: bit `k` set = `moduleTransfer` is called for
    /// `TransferKind` `k` (bit 0 transfer, 1 mint, 2 burn, 3 forced, 4 record); bit 7
    /// (`TransferKind.ONLY_ZERO_CROSSING`) narrows `check` and `moduleTransfer` to the moves where a wallet's balance
    /// crosses zero, and record syncs. Read once by the compliance when the module is added, so a rule costs nothing
    /// on the moves it ignores (e.g. a country rule on burns, a holder count on a transfer between holders).
    /// @dev Must be constant for the module's life: the compliance caches it.
    /// @return mask The kinds, as a bit mask.
    function hookedKinds() external pure returns (uint8 mask);

    /// @notice The module's name, for display.
    /// @return The name.
    function name() external pure returns (string memory);
}
