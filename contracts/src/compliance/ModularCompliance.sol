// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {IModularCompliance} from "../interfaces/IModularCompliance.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../interfaces/IComplianceModule.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IToken} from "../interfaces/IToken.sol";
import {IManaged} from "../interfaces/IManaged.sol";
import {Managed} from "../roles/Managed.sol";

/// @title ModularCompliance
/// @notice Per-asset compliance (an EIP-1167 clone), bound to one token, running module singletons in order.
/// @dev Single-step ownership so the factory can configure it and hand it to the issuer in one transaction.
/// The module list (each module's address with its `hookedKinds` mask, so a module is called only for the kinds of
/// balance change it needs) and the bound token live in the code of a small data contract, rewritten whenever they
/// change: the hook reads one slot (pointer and count) and copies the list with one EXTCODECOPY, instead of one cold
/// slot per module (3 modules: 4,700 gas instead of 8,400). With no modules the hook reads that one slot and returns.
/// The token's encoded `TransferInfo` is forwarded to every module as it came. A module flagged
/// `TransferKind.ONLY_ZERO_CROSSING` (a holder count) is neither checked nor called on a move where no wallet's
/// balance crosses zero (e.g. a transfer between two holders, a partial burn).
contract ModularCompliance is IModularCompliance, OwnableUpgradeable, Managed {
    /// @notice Maximum number of modules (bounds the gas of every transfer).
    uint256 public constant MAX_MODULES = 25;
    /// @notice Most gas one module's hook may use on an agent move (burn, forced transfer, recovery, record sync).
    uint256 public constant AGENT_HOOK_GAS = 1_000_000;
    /// @dev Gas kept back from a guarded hook call to finish the move.
    uint256 private constant HOOK_RESERVE = 30_000;
    /// @dev `TransferKind.ONLY_ZERO_CROSSING` in a list entry (module address | hookedKinds << 160).
    uint256 private constant ZERO_CROSSING_BIT = uint256(TransferKind.ONLY_ZERO_CROSSING) << 160;

    /// @custom:storage-location erc7201:tessera.storage.ModularCompliance
    struct ComplianceStorage {
        address token;
        // Data contract whose code is 0x00, the bound token as one word, then one word per module
        // (module address | hookedKinds << 160); zero when there are no modules.
        address list;
        uint8 moduleCount;
        mapping(address module => bool) bound;
    }

    // keccak256(abi.encode(uint256(keccak256("tessera.storage.ModularCompliance")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE = 0xd502f1a4d14f4fc34c271dcc3695a74388878c9d50a42e45b1bff50d67602900;

    function _s() private pure returns (ComplianceStorage storage $) {
        assembly {
            $.slot := STORAGE
        }
    }

    /// @dev The owner, or a caller with the AccessManager role for the function (`Roles.COMPLIANCE_AGENT` for
    /// add/remove, `Roles.ALLOWLIST_MANAGER` for module configuration). Reverts with `OwnableUnauthorizedAccount`.
    modifier onlyOwnerOrRole() {
        if (msg.sender != owner() && !_canCall(msg.sender)) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes a clone.
    /// @param initialOwner The owner (the factory during deployment, then the issuer).
    function initialize(address initialOwner) external initializer {
        __Ownable_init(initialOwner);
    }

    /// @inheritdoc IManaged
    function setAuthority(address newAuthority) external onlyOwner {
        _setAuthority(newAuthority);
    }

    /// @inheritdoc IModularCompliance
    function bindToken(address token) external onlyOwner {
        if (token == address(0)) revert InvalidAddress(token);
        ComplianceStorage storage $ = _s();
        $.token = token;
        if ($.moduleCount != 0) _writeList(_entries());
        emit TokenBound(token);
    }

    /// @inheritdoc IModularCompliance
    function unbindToken(address token) external onlyOwner {
        ComplianceStorage storage $ = _s();
        if (token == address(0) || $.token != token) revert TokenNotBound(token);
        $.token = address(0);
        if ($.moduleCount != 0) _writeList(_entries());
        emit TokenUnbound(token);
    }

    /// @inheritdoc IModularCompliance
    function addModule(address module) external onlyOwnerOrRole {
        if (module == address(0)) revert InvalidAddress(module);
        ComplianceStorage storage $ = _s();
        if ($.bound[module]) revert ModuleAlreadyAdded(module);
        uint256[] memory old = _entries();
        uint256 n = old.length;
        if (n >= MAX_MODULES) revert ModuleLimitReached(MAX_MODULES);
        uint256 mask = IComplianceModule(module).hookedKinds();
        uint256[] memory entries = new uint256[](n + 1);
        for (uint256 i; i < n; ++i) {
            entries[i] = old[i];
        }
        entries[n] = uint256(uint160(module)) | (mask << 160);
        $.bound[module] = true;
        _writeList(entries);
        emit ModuleAdded(module);
    }

    /// @inheritdoc IModularCompliance
    function removeModule(address module) external onlyOwnerOrRole {
        ComplianceStorage storage $ = _s();
        if (!$.bound[module]) revert ModuleNotFound(module);
        uint256[] memory old = _entries();
        uint256 n = old.length;
        // Keeps the check order of the remaining modules (the first failing module's code is reported).
        // Cannot underflow: a bound module is in the list, so n >= 1.
        uint256[] memory entries = new uint256[](n - 1);
        uint256 j;
        for (uint256 i; i < n; ++i) {
            if (address(uint160(old[i])) != module) entries[j++] = old[i];
        }
        $.bound[module] = false;
        _writeList(entries);
        emit ModuleRemoved(module);
    }

    /// @inheritdoc IModularCompliance
    function callModuleFunction(bytes calldata callData, address module) external onlyOwnerOrRole {
        if (!_s().bound[module]) revert ModuleNotFound(module);
        if (callData.length >= 4) {
            bytes4 selector = bytes4(callData[:4]);
            if (_isHook(selector)) revert HookNotCallable(module, selector);
        }
        Address.functionCall(module, callData);
    }

    /// @dev The module entry points that trust the compliance as the reporter of the bound token's balance changes
    /// and registry updates: only `update` (and the token's other notifications) may call them, never configuration.
    function _isHook(bytes4 selector) private pure returns (bool) {
        return selector == IComplianceModule.moduleTransfer.selector;
    }

    /// @inheritdoc IModularCompliance
    function update(TransferInfo calldata t) external returns (uint8) {
        ComplianceStorage storage $ = _s();
        uint256 n = $.moduleCount;
        // With no modules there is nothing to check or record, whoever calls.
        if (n == 0) return 0;
        uint256[] memory entries = _read($.list, n);
        if (msg.sender != address(uint160(entries[0]))) revert CallerNotToken(msg.sender);
        uint256 kindBit = uint256(1) << (160 + t.kind);
        // Modules that act only on zero crossings are skipped on the other moves.
        uint256 skip = t.kind == TransferKind.RECORD || _crossesZero(t) ? 0 : ZERO_CROSSING_BIT;
        bool enforced = TransferKind.isChecked(t.kind);
        // `moduleTransfer(TransferInfo)` takes this call's own argument: forward the encoded argument with the hook's
        // selector instead of re-encoding the struct for every module.
        bytes memory data = msg.data;
        bytes4 selector = IComplianceModule.moduleTransfer.selector;
        assembly ("memory-safe") {
            let p := add(data, 32)
            mstore(p, or(and(mload(p), shr(32, not(0))), selector))
        }
        if (!enforced) {
            // Agent moves (burn, forced transfer, recovery) and record syncs are recorded, never blocked: a module
            // that reverts or exhausts its gas allowance is skipped with an event.
            for (uint256 i = 1; i <= n; ++i) {
                uint256 entry = entries[i];
                // forge-lint: disable-next-line(unsafe-typecast)
                if (entry & kindBit != 0 && entry & skip == 0) _callHookGuarded(address(uint160(entry)), data, t.kind);
            }
            return 0;
        }
        for (uint256 i = 1; i <= n; ++i) {
            uint256 entry = entries[i];
            if (entry & kindBit == 0 || entry & skip != 0) continue; // the module ignores this move
            // forge-lint: disable-next-line(unsafe-typecast)
            uint256 code = _callHook(address(uint160(entry)), data);
            // forge-lint: disable-next-line(unsafe-typecast)
            if (code != 0) return uint8(code);
        }
        return 0;
    }

    /// @dev An agent move's hook: at most `AGENT_HOOK_GAS`, its answer ignored. A revert, or the allowance used up,
    /// emits `ModuleHookFailed` and the move goes on. When the module ran out of gas with less than the allowance
    /// (the transaction's own gas limit was short), reverts `ModuleHookOutOfGas` instead, so a working module is never
    /// skipped for want of gas: the caller (or gas estimation) sends more.
    function _callHookGuarded(address module, bytes memory data, uint8 kind) private {
        uint256 g = gasleft();
        uint256 forward = g > HOOK_RESERVE + AGENT_HOOK_GAS ? AGENT_HOOK_GAS : (g > HOOK_RESERVE ? g - HOOK_RESERVE : 0);
        bool ok;
        bytes4 reason;
        assembly ("memory-safe") {
            ok := call(forward, module, 0, add(data, 32), mload(data), 0, 0)
            if iszero(lt(returndatasize(), 4)) {
                let p := mload(0x40)
                returndatacopy(p, 0, 4)
                reason := and(mload(p), shl(224, 0xffffffff))
            }
        }
        if (ok) return;
        if (forward < AGENT_HOOK_GAS && g - gasleft() >= forward) revert ModuleHookOutOfGas(module, forward);
        emit ModuleHookFailed(module, kind, reason);
    }

    /// @dev Calls `module` with `data` and returns its restriction code; bubbles a revert, and reverts with
    /// `InvalidModuleResponse` when the answer is not a uint8.
    function _callHook(address module, bytes memory data) private returns (uint256 code) {
        bool ok;
        uint256 size;
        assembly ("memory-safe") {
            ok := call(gas(), module, 0, add(data, 32), mload(data), 0, 32)
            size := returndatasize()
            code := mload(0)
        }
        if (!ok) {
            assembly ("memory-safe") {
                let p := mload(0x40)
                returndatacopy(p, 0, returndatasize())
                revert(p, returndatasize())
            }
        }
        if (size < 32 || code > type(uint8).max) revert InvalidModuleResponse(module);
    }

    /// @dev The list as stored: word 0 the token, then the module entries.
    function _read(address list, uint256 n) private view returns (uint256[] memory words) {
        words = new uint256[](n + 1);
        assembly ("memory-safe") {
            extcodecopy(list, add(words, 32), 1, mul(add(n, 1), 32))
        }
    }

    /// @dev The module entries (without the token word).
    function _entries() private view returns (uint256[] memory entries) {
        ComplianceStorage storage $ = _s();
        uint256 n = $.moduleCount;
        entries = new uint256[](n);
        if (n == 0) return entries;
        uint256[] memory words = _read($.list, n);
        for (uint256 i; i < n; ++i) {
            entries[i] = words[i + 1];
        }
    }

    /// @dev Deploys a data contract holding 0x00, the token and `entries`, and points the storage at it.
    function _writeList(uint256[] memory entries) private {
        ComplianceStorage storage $ = _s();
        uint256 n = entries.length;
        // Cannot truncate: n <= MAX_MODULES (25).
        // forge-lint: disable-next-line(unsafe-typecast)
        $.moduleCount = uint8(n);
        if (n == 0) {
            $.list = address(0);
            return;
        }
        bytes memory runtime = abi.encodePacked(hex"00", uint256(uint160($.token)), entries);
        // Creation code: PUSH2 len, DUP1, PUSH1 10, RETURNDATASIZE, CODECOPY, RETURNDATASIZE, RETURN; then the runtime.
        bytes memory init = abi.encodePacked(hex"61", uint16(runtime.length), hex"80600a3d393df3", runtime);
        address list;
        assembly ("memory-safe") {
            list := create(0, add(init, 32), mload(init))
        }
        if (list == address(0)) revert InvalidAddress(list);
        $.list = list;
    }

    /// @inheritdoc IModularCompliance
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return detectTransferRestriction(from, to, amount) == 0;
    }

    /// @inheritdoc IModularCompliance
    /// @dev Reads the list once (its word 0 is the bound token, so the token's slot is not read) and encodes the
    /// `check` call once for every module. Bubbles a module's revert; reverts with `InvalidModuleResponse` when a
    /// module's answer is not a uint8.
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8 code) {
        ComplianceStorage storage $ = _s();
        uint256 n = $.moduleCount;
        if (n == 0) return 0;
        uint256[] memory words = _read($.list, n);
        // forge-lint: disable-next-line(unsafe-typecast)
        TransferInfo memory t = _transferInfo(address(uint160(words[0])), from, to, amount);
        bytes memory data = abi.encodeCall(IComplianceModule.check, (address(this), t));
        uint256 skip = _crossesZero(from, to, amount, t.fromBalance, t.toBalance) ? 0 : ZERO_CROSSING_BIT;
        for (uint256 i = 1; i <= n; ++i) {
            uint256 word = words[i];
            if (word & skip != 0) continue; // acts only on zero crossings: allows this move
            // forge-lint: disable-next-line(unsafe-typecast)
            uint256 answer = _callCheck(address(uint160(word)), data);
            // forge-lint: disable-next-line(unsafe-typecast) -- _callCheck reverts unless answer <= type(uint8).max
            if (answer != 0) return uint8(answer);
        }
        return 0;
    }

    /// @dev Whether a move of `amount` from `from` to `to` (balances before it `fromBalance`, `toBalance`) makes a
    /// wallet's balance cross zero: the recipient held nothing, or the sender moves all it holds.
    function _crossesZero(address from, address to, uint256 amount, uint256 fromBalance, uint256 toBalance)
        private
        pure
        returns (bool)
    {
        if (amount == 0 || from == to) return false;
        return (to != address(0) && toBalance == 0) || (from != address(0) && fromBalance == amount);
    }

    /// @dev `_crossesZero` of the token's report `t`, read as raw words (the bound token encoded it with abi.encode, so
    /// every field is clean; checked by the caller before this runs).
    function _crossesZero(TransferInfo calldata t) private pure returns (bool c) {
        assembly ("memory-safe") {
            let from := calldataload(add(t, 0x20))
            let to := calldataload(add(t, 0x40))
            let amount := calldataload(add(t, 0x60))
            if and(iszero(iszero(amount)), iszero(eq(from, to))) {
                c := or(
                    and(iszero(iszero(to)), iszero(calldataload(add(t, 0xa0)))),
                    and(iszero(iszero(from)), eq(calldataload(add(t, 0x80)), amount))
                )
            }
        }
    }

    /// @dev Static-calls `module` with the encoded `check` call `data` and returns its restriction code; bubbles a
    /// revert, and reverts with `InvalidModuleResponse` when the answer is not a uint8.
    function _callCheck(address module, bytes memory data) private view returns (uint256 code) {
        bool ok;
        uint256 size;
        assembly ("memory-safe") {
            ok := staticcall(gas(), module, add(data, 32), mload(data), 0, 32)
            size := returndatasize()
            code := mload(0)
        }
        if (!ok) {
            assembly ("memory-safe") {
                let p := mload(0x40)
                returndatacopy(p, 0, returndatasize())
                revert(p, returndatasize())
            }
        }
        if (size < 32 || code > type(uint8).max) revert InvalidModuleResponse(module);
    }

    /// @notice The `TransferInfo` the token would report for a move of `amount` token base units from `from` to
    /// `to` now (kind MINT when `from` is zero, BURN when `to` is zero, else TRANSFER).
    /// @dev Reads the bound token's balances and its registry's records; for pre-checks and modules' views.
    /// @return t The balance change.
    function transferInfo(address from, address to, uint256 amount) public view returns (TransferInfo memory t) {
        return _transferInfo(_s().token, from, to, amount);
    }

    /// @dev `transferInfo` for the bound `token` (zero: balances and records left empty).
    function _transferInfo(address token, address from, address to, uint256 amount)
        private
        view
        returns (TransferInfo memory t)
    {
        t.kind = from == address(0) ? TransferKind.MINT : to == address(0) ? TransferKind.BURN : TransferKind.TRANSFER;
        t.from = from;
        t.to = to;
        t.amount = amount;
        if (token == address(0)) return t;
        if (from != address(0)) t.fromBalance = IERC20(token).balanceOf(from);
        if (to != address(0)) t.toBalance = IERC20(token).balanceOf(to);
        (IIdentityRegistry.InvestorRecord memory rf, IIdentityRegistry.InvestorRecord memory rt) =
            IIdentityRegistry(IToken(token).identityRegistry()).investorRecords(from, to);
        t.fromIdentity = rf.identity;
        t.fromCountry = rf.country;
        t.toIdentity = rt.identity;
        t.toCountry = rt.country;
    }

    /// @inheritdoc IModularCompliance
    function getModules() external view returns (address[] memory list) {
        uint256[] memory entries = _entries();
        uint256 n = entries.length;
        list = new address[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = address(uint160(entries[i]));
        }
    }

    /// @inheritdoc IModularCompliance
    function getTokenBound() external view returns (address) {
        return _s().token;
    }

    /// @inheritdoc IModularCompliance
    function isModuleBound(address module) external view returns (bool) {
        return _s().bound[module];
    }
}
