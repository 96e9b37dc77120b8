// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDistributor} from "../interfaces/IDistributor.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IManaged} from "../interfaces/IManaged.sol";
import {IToken} from "../interfaces/IToken.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title Distributor
/// @notice The platform's Distributor of record-date distributions (dividends, coupons) by Merkle root: see
/// {IDistributor}.
/// @dev One instance per chain. Each distribution's funds are accounted separately (`remaining`), so a root whose
/// leaves add up to more than was funded can never pay out another distribution's money. Layout: a claim reads
/// three slots of its distribution (payment token + deadline + flags, root, registry + remaining) and one bitmap
/// word, and calls the identity registry directly (its address is recorded at creation, saving the token call).
contract Distributor is IDistributor, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev A distribution in five slots, ordered by use: a claim reads slots 0 to 2 and writes slot 2.
    struct Record {
        // slot 0
        address paymentToken;
        uint40 claimDeadline;
        bool paused;
        bool reclaimed;
        // slot 1
        bytes32 root;
        // slot 2: `remaining` stays as it was at reclaim, so claimed = total - remaining and reclaimed = remaining
        address identityRegistry;
        uint96 remaining;
        // slot 3
        address token;
        uint64 recordDate;
        // slot 4
        address creator;
        uint96 total;
    }

    address private immutable _factory;
    uint256 private _count;
    mapping(uint256 id => Record) private _distributions;
    /// @dev Per distribution, the paid leaves: bit `index & 255` of word `index >> 8` (BitMaps' layout).
    mapping(uint256 id => mapping(uint256 word => uint256 bits)) private _claimed;

    /// @param factory_ The platform's TokenFactory: only tokens it deployed are trusted.
    constructor(address factory_) {
        if (factory_ == address(0)) revert InvalidFactory(factory_);
        _factory = factory_;
    }

    // ------------------------------------------------------------------ corporate actions

    /// @inheritdoc IDistributor
    function createDistribution(
        address token,
        address paymentToken,
        bytes32 root,
        uint256 total,
        uint64 recordDate,
        uint64 claimDeadline,
        string calldata uri
    ) external nonReentrant returns (uint256 id) {
        if (!ITokenFactory(_factory).isToken(token)) revert UntrustedToken(token);
        _requireCorporateActions(token);
        if (paymentToken == address(0)) revert InvalidPaymentToken(paymentToken);
        if (root == bytes32(0)) revert InvalidRoot();
        if (total == 0 || total > type(uint96).max) revert InvalidTotal(total);
        if (recordDate >= block.number) revert RecordDateNotPast(recordDate, block.number);
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are days apart; seconds of drift do not matter
        if (claimDeadline <= block.timestamp || claimDeadline > type(uint40).max) {
            revert InvalidClaimDeadline(claimDeadline, block.timestamp);
        }

        IERC20 pay = IERC20(paymentToken);
        uint256 before = pay.balanceOf(address(this));
        pay.safeTransferFrom(msg.sender, address(this), total);
        uint256 received = pay.balanceOf(address(this)) - before;
        if (received != total) revert FundingMismatch(total, received);

        id = ++_count;
        _distributions[id] = Record({
            paymentToken: paymentToken,
            // forge-lint: disable-next-line(unsafe-typecast) -- claimDeadline <= type(uint40).max, checked above
            claimDeadline: uint40(claimDeadline),
            paused: false,
            reclaimed: false,
            root: root,
            identityRegistry: IToken(token).identityRegistry(),
            // forge-lint: disable-next-line(unsafe-typecast) -- total <= type(uint96).max, checked above
            remaining: uint96(total),
            token: token,
            recordDate: recordDate,
            creator: msg.sender,
            // forge-lint: disable-next-line(unsafe-typecast) -- total <= type(uint96).max, checked above
            total: uint96(total)
        });
        emit DistributionCreated(id, token, paymentToken, root, total, recordDate, claimDeadline, msg.sender, uri);
    }

    /// @inheritdoc IDistributor
    function pushBatch(
        uint256 id,
        uint256[] calldata indexes,
        address[] calldata identities,
        uint256[] calldata amounts,
        address[] calldata wallets,
        bytes32[][] calldata proofs
    ) external nonReentrant returns (uint256 paid) {
        _checkBatch(id, indexes.length, identities.length, amounts.length, wallets.length, proofs.length);
        for (uint256 i; i < indexes.length; ++i) {
            paid += _push(id, indexes[i], identities[i], amounts[i], wallets[i], proofs[i]);
        }
    }

    /// @inheritdoc IDistributor
    function reclaim(uint256 id) external nonReentrant returns (uint256 amount) {
        Record storage d = _distributions[id];
        address token = _tokenOf(d, id);
        if (msg.sender != d.creator) _requireCorporateActions(token);
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are days apart; seconds of drift do not matter
        if (block.timestamp <= d.claimDeadline) revert ClaimPeriodNotOver(id, d.claimDeadline);
        if (d.reclaimed) revert AlreadyReclaimed(id);
        d.reclaimed = true;
        amount = d.remaining;
        if (amount != 0) IERC20(d.paymentToken).safeTransfer(msg.sender, amount);
        emit Reclaimed(id, msg.sender, amount);
    }

    /// @inheritdoc IDistributor
    function pause(uint256 id) external {
        Record storage d = _distributions[id];
        _requireCorporateActions(_tokenOf(d, id));
        d.paused = true;
        emit DistributionPaused(id, msg.sender);
    }

    /// @inheritdoc IDistributor
    function unpause(uint256 id) external {
        Record storage d = _distributions[id];
        _requireCorporateActions(_tokenOf(d, id));
        d.paused = false;
        emit DistributionUnpaused(id, msg.sender);
    }

    // ------------------------------------------------------------------ investors

    /// @inheritdoc IDistributor
    /// @dev Checks, effects (bitmap, remaining), then the one external payment: safe against a payment token that
    /// calls back (the leaf is already marked paid).
    function claim(uint256 id, uint256 index, address identity, uint256 amount, bytes32[] calldata proof) external {
        Record storage d = _distributions[id];
        address paymentToken = _requireOpen(d, id);
        if (!_mark(id, index)) revert AlreadyClaimed(id, index);
        _pay(d, paymentToken, id, index, identity, amount, msg.sender, proof);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IDistributor
    function tokenFactory() external view returns (address) {
        return _factory;
    }

    /// @inheritdoc IDistributor
    function distributionCount() external view returns (uint256) {
        return _count;
    }

    /// @inheritdoc IDistributor
    function distribution(uint256 id) external view returns (Distribution memory r) {
        Record storage d = _distributions[id];
        r.token = _tokenOf(d, id);
        r.paymentToken = d.paymentToken;
        r.identityRegistry = d.identityRegistry;
        r.creator = d.creator;
        r.root = d.root;
        r.total = d.total;
        r.claimed = uint256(d.total) - d.remaining;
        r.reclaimed = d.reclaimed ? d.remaining : 0;
        r.recordDate = d.recordDate;
        r.claimDeadline = d.claimDeadline;
        r.paused = d.paused;
    }

    /// @inheritdoc IDistributor
    function isClaimed(uint256 id, uint256 index) external view returns (bool) {
        // forge-lint: disable-next-line(incorrect-shift) -- bit `index & 0xff` of the word: 1 shifted by it
        return _claimed[id][index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @inheritdoc IDistributor
    function remaining(uint256 id) external view returns (uint256) {
        Record storage d = _distributions[id];
        return d.reclaimed ? 0 : d.remaining;
    }

    // ------------------------------------------------------------------ internals

    /// @dev The checks of `pushBatch` before its loop: distribution `id` exists, the caller may push, the arrays'
    /// lengths agree, and the distribution is open.
    function _checkBatch(
        uint256 id,
        uint256 n,
        uint256 nIdentities,
        uint256 nAmounts,
        uint256 nWallets,
        uint256 nProofs
    ) private view {
        Record storage d = _distributions[id];
        _requireCorporateActions(_tokenOf(d, id));
        if (nIdentities != n) revert BatchLengthMismatch(n, nIdentities);
        if (nAmounts != n) revert BatchLengthMismatch(n, nAmounts);
        if (nWallets != n) revert BatchLengthMismatch(n, nWallets);
        if (nProofs != n) revert BatchLengthMismatch(n, nProofs);
        _requireOpen(d, id);
    }

    /// @dev Marks leaf `index` of distribution `id` paid (one read and one write of its bitmap word); false when it
    /// was paid already. Callers mark a leaf before they verify and pay it: a failed check reverts the mark with it.
    function _mark(uint256 id, uint256 index) private returns (bool) {
        mapping(uint256 word => uint256 bits) storage words = _claimed[id];
        uint256 word = index >> 8;
        // forge-lint: disable-next-line(incorrect-shift) -- bit `index & 0xff` of the word: 1 shifted by it
        uint256 mask = 1 << (index & 0xff);
        uint256 bits = words[word];
        if (bits & mask != 0) return false;
        words[word] = bits | mask;
        return true;
    }

    /// @dev One leaf of `pushBatch`: pays it to `wallet` and returns `amount`, or returns 0 when it was paid already.
    function _push(
        uint256 id,
        uint256 index,
        address identity,
        uint256 amount,
        address wallet,
        bytes32[] calldata proof
    ) private returns (uint256) {
        if (!_mark(id, index)) return 0;
        Record storage d = _distributions[id];
        _pay(d, d.paymentToken, id, index, identity, amount, wallet, proof);
        return amount;
    }

    /// @dev Pays leaf (`index`, `identity`, `amount`) of distribution `id` in `paymentToken` to `wallet`, which must
    /// be registered to `identity`; the caller has marked the leaf paid (`_mark`). Lowers `remaining` before the
    /// transfer, reading it afresh each time (a payment token calling back cannot make a batch use a stale figure).
    function _pay(
        Record storage d,
        address paymentToken,
        uint256 id,
        uint256 index,
        address identity,
        uint256 amount,
        address wallet,
        bytes32[] calldata proof
    ) private {
        // The leaf as @openzeppelin/merkle-tree's StandardMerkleTree hashes it: keccak256(keccak256(abi.encode(...))).
        bytes32 leaf;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, index)
            mstore(add(p, 0x20), identity)
            mstore(add(p, 0x40), amount)
            mstore(0x00, keccak256(p, 0x60))
            leaf := keccak256(0x00, 0x20)
        }
        if (!MerkleProof.verifyCalldata(proof, d.root, leaf)) revert InvalidProof(id, index, identity, amount);
        // Slot 2 of the Record, read once and written once: identityRegistry (low 160 bits) | remaining << 160.
        uint256 slot2;
        assembly ("memory-safe") {
            slot2 := sload(add(d.slot, 2))
        }
        // forge-lint: disable-next-line(unsafe-typecast) -- the low 160 bits are the registry's address
        address registered = IIdentityRegistry(address(uint160(slot2))).identity(wallet);
        if (identity == address(0) || registered != identity) revert WalletNotOfIdentity(wallet, identity, registered);
        uint256 left = slot2 >> 160;
        if (amount > left) revert ExceedsRemaining(id, amount, left);
        // Lowers only the remaining field: amount <= left, checked above, so nothing borrows from the registry bits.
        unchecked {
            slot2 -= amount << 160;
        }
        assembly ("memory-safe") {
            sstore(add(d.slot, 2), slot2)
        }
        IERC20(paymentToken).safeTransfer(wallet, amount);
        emit Claimed(id, index, identity, wallet, amount);
    }

    /// @dev Checks that distribution `id` exists, is not paused and its deadline has not passed (which also covers a
    /// reclaimed distribution: reclaims happen after the deadline); returns its payment token. Reads slot 0 of the
    /// Record once: paymentToken (low 160 bits) | claimDeadline << 160 (40 bits) | paused << 200 | reclaimed << 208.
    function _requireOpen(Record storage d, uint256 id) private view returns (address paymentToken) {
        uint256 slot0;
        assembly ("memory-safe") {
            slot0 := sload(d.slot)
        }
        // forge-lint: disable-next-line(unsafe-typecast) -- the low 160 bits are the payment token's address
        paymentToken = address(uint160(slot0));
        if (paymentToken == address(0)) revert UnknownDistribution(id);
        // forge-lint: disable-next-line(unsafe-typecast) -- bits 200 to 207 are the `paused` flag
        if (uint8(slot0 >> 200) != 0) revert ClaimsPaused(id);
        // forge-lint: disable-next-line(unsafe-typecast) -- bits 160 to 199 are the claim deadline
        uint256 deadline = uint40(slot0 >> 160);
        // forge-lint: disable-next-line(block-timestamp) -- deadlines are days apart; seconds of drift do not matter
        if (block.timestamp > deadline) revert ClaimPeriodOver(id, deadline);
    }

    /// @dev The token of distribution `id`; reverts with `UnknownDistribution` when there is none.
    function _tokenOf(Record storage d, uint256 id) private view returns (address token) {
        token = d.token;
        if (token == address(0)) revert UnknownDistribution(id);
    }

    /// @dev Reverts with `CallerNotCorporateActions` unless the caller holds `Roles.CORPORATE_ACTIONS` on `token`'s
    /// AccessManager with no execution delay (a token without an AccessManager has no such holder).
    function _requireCorporateActions(address token) private view {
        address manager = IManaged(token).authority();
        if (manager != address(0)) {
            (bool member, uint32 delay) = IAccessManager(manager).hasRole(Roles.CORPORATE_ACTIONS, msg.sender);
            if (member && delay == 0) return;
        }
        revert CallerNotCorporateActions(msg.sender, token);
    }
}
