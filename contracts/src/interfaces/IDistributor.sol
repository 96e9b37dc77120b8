// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IDistributor
/// @notice Record-date distributions (dividends, coupons) of a payment token to the holders of a Tessera asset, by
/// Merkle root. The issuer's corporate-actions desk (role `Roles.CORPORATE_ACTIONS` on the asset's AccessManager)
/// computes every investor's entitlement off-chain from the cap table at the record date, posts the root of the
/// entitlements and funds it in one transaction (`createDistribution`); each investor then claims with a proof
/// (`claim`), or the desk pushes payments in batches (`pushBatch`); after the claim deadline the desk takes back what
/// is left (`reclaim`). One Distributor serves the whole platform; distributions are numbered from 1.
/// @dev Leaves follow OpenZeppelin's StandardMerkleTree (`@openzeppelin/merkle-tree`) with leaf types
/// `["uint256", "address", "uint256"]` = (index, identity, amount):
/// `leaf = keccak256(bytes.concat(keccak256(abi.encode(index, identity, amount))))`, pairs hashed sorted, verified
/// with OpenZeppelin's `MerkleProof.verifyCalldata`.
/// - `index`: the leaf's position 0..n-1 in the entitlement list (the bit of the distribution's claimed bitmap).
/// - `identity`: the investor's ONCHAINID identity (entitlements are per investor, not per wallet): any wallet the
///   identity registry has on record for that identity may claim it, once.
/// - `amount`: the NET entitlement in payment-token base units (withholding already deducted off-chain).
/// Units: `total`, `amount`, `claimed`, `reclaimed`, `remaining` are payment-token base units; `recordDate` is a block
/// number; `claimDeadline` is unix seconds.
interface IDistributor {
    /// @notice A distribution as stored, for views.
    /// @param token The asset (its Tessera token) whose holders at `recordDate` are entitled.
    /// @param paymentToken The ERC-20 paid out.
    /// @param identityRegistry The token's identity registry at creation: it says which wallets belong to an identity.
    /// @param creator The account that created and funded the distribution.
    /// @param root The Merkle root of the entitlements.
    /// @param total Funded amount, payment-token base units.
    /// @param claimed Paid out so far (claims and pushes), payment-token base units.
    /// @param reclaimed Taken back after the deadline, payment-token base units (0 until `reclaim`).
    /// @param recordDate The record date: the block number whose end-of-block balances the entitlements are computed
    /// from.
    /// @param claimDeadline The last second (unix) at which a claim or push is accepted.
    /// @param paused Whether claims and pushes are suspended.
    struct Distribution {
        address token;
        address paymentToken;
        address identityRegistry;
        address creator;
        bytes32 root;
        uint256 total;
        uint256 claimed;
        uint256 reclaimed;
        uint64 recordDate;
        uint64 claimDeadline;
        bool paused;
    }

    /// @notice Emitted when distribution `id` of `total` base units of `paymentToken` to the holders of `token` at
    /// block `recordDate` is posted and funded by `creator`.
    /// @param id The distribution's number (from 1).
    /// @param token The asset.
    /// @param paymentToken The ERC-20 paid out.
    /// @param root The Merkle root of the entitlements (leaves: index, identity, amount).
    /// @param total Funded amount, payment-token base units (the sum of the leaves' amounts).
    /// @param recordDate The record date, a block number (already mined at creation).
    /// @param claimDeadline The last second (unix) at which a claim is accepted.
    /// @param creator The caller, who funded it.
    /// @param uri Where the entitlement list (and so every proof) is published; may be empty. Not stored.
    event DistributionCreated(
        uint256 indexed id,
        address indexed token,
        address indexed paymentToken,
        bytes32 root,
        uint256 total,
        uint64 recordDate,
        uint64 claimDeadline,
        address creator,
        string uri
    );

    /// @notice Emitted when leaf `index` of distribution `id`, the entitlement of `identity`, is paid: `amount`
    /// payment-token base units to `wallet` (the claimer, or the wallet named by a push).
    event Claimed(uint256 indexed id, uint256 index, address indexed identity, address indexed wallet, uint256 amount);

    /// @notice Emitted when `account` takes back the unclaimed `amount` (payment-token base units) of distribution
    /// `id` after its deadline; no claim is accepted afterwards.
    event Reclaimed(uint256 indexed id, address indexed account, uint256 amount);

    /// @notice Emitted when `account` suspends claims and pushes of distribution `id`.
    event DistributionPaused(uint256 indexed id, address account);

    /// @notice Emitted when `account` resumes claims and pushes of distribution `id`.
    event DistributionUnpaused(uint256 indexed id, address account);

    /// @notice The constructor's factory is the zero address.
    error InvalidFactory(address factory);
    /// @notice `token` was not deployed by the platform's TokenFactory (a role counts only on the platform's assets).
    error UntrustedToken(address token);
    /// @notice `caller` does not hold `Roles.CORPORATE_ACTIONS` (immediately, without execution delay) on the
    /// AccessManager of `token` (nor, for `reclaim`, is it the distribution's creator).
    error CallerNotCorporateActions(address caller, address token);
    /// @notice The payment token is the zero address.
    error InvalidPaymentToken(address paymentToken);
    /// @notice The Merkle root is zero.
    error InvalidRoot();
    /// @notice The total is zero or above 2^96 - 1 base units.
    error InvalidTotal(uint256 total);
    /// @notice The record date (block number) is not a block already mined (`recordDate >= currentBlock`).
    error RecordDateNotPast(uint256 recordDate, uint256 currentBlock);
    /// @notice The claim deadline (unix seconds) is not after `currentTime`, or does not fit in 40 bits.
    error InvalidClaimDeadline(uint256 claimDeadline, uint256 currentTime);
    /// @notice The Distributor received `received` base units instead of `expected` (a fee-on-transfer or rebasing
    /// payment token): refused.
    error FundingMismatch(uint256 expected, uint256 received);
    /// @notice No distribution has number `id`.
    error UnknownDistribution(uint256 id);
    /// @notice Claims and pushes of distribution `id` are suspended.
    error ClaimsPaused(uint256 id);
    /// @notice The claim deadline of distribution `id` (unix seconds) has passed.
    error ClaimPeriodOver(uint256 id, uint256 claimDeadline);
    /// @notice The claim deadline of distribution `id` (unix seconds) has not passed yet: nothing can be reclaimed.
    error ClaimPeriodNotOver(uint256 id, uint256 claimDeadline);
    /// @notice Distribution `id` was reclaimed already.
    error AlreadyReclaimed(uint256 id);
    /// @notice Leaf `index` of distribution `id` was paid already.
    error AlreadyClaimed(uint256 id, uint256 index);
    /// @notice The proof does not prove leaf (`index`, `identity`, `amount`) under the root of distribution `id`.
    error InvalidProof(uint256 id, uint256 index, address identity, uint256 amount);
    /// @notice `wallet` is not a wallet of `identity`: the identity registry has `registered` on record for it (zero
    /// when unregistered), or `identity` is zero.
    error WalletNotOfIdentity(address wallet, address identity, address registered);
    /// @notice Paying `amount` would exceed what is left of distribution `id` (`remaining`, payment-token base
    /// units): the leaves add up to more than was funded.
    error ExceedsRemaining(uint256 id, uint256 amount, uint256 remaining);
    /// @notice Two batch arrays have different lengths.
    error BatchLengthMismatch(uint256 expected, uint256 actual);

    /// @notice Posts and funds a distribution: pulls `total` base units of `paymentToken` from the caller (approve
    /// the Distributor first) and stores `root`. Entitlements are computed off-chain from the holdings at the end of
    /// block `recordDate`, per investor identity, net of withholding; their sum should equal `total`.
    /// @dev Caller must hold `Roles.CORPORATE_ACTIONS` on `token`'s AccessManager with no execution delay; `token`
    /// must be deployed by the platform's TokenFactory. The token's identity registry is recorded now and decides
    /// which wallets may claim for an identity. Emits `DistributionCreated`. Reverts with `UntrustedToken`,
    /// `CallerNotCorporateActions`, `InvalidPaymentToken`, `InvalidRoot`, `InvalidTotal`, `RecordDateNotPast`,
    /// `InvalidClaimDeadline`, `FundingMismatch` (the balance grew by less or more than `total`), or the payment
    /// token's own error (allowance, balance; OpenZeppelin `SafeERC20FailedOperation` when it returns false).
    /// @param token The asset.
    /// @param paymentToken The ERC-20 to pay in.
    /// @param root The Merkle root of the entitlements (StandardMerkleTree, leaves (uint256 index, address identity,
    /// uint256 amount)).
    /// @param total Amount to fund, payment-token base units, 1..2^96 - 1.
    /// @param recordDate The record date, a block number below the current block.
    /// @param claimDeadline The last second (unix) at which claims are accepted, after the current time.
    /// @param uri Where the entitlement list is published (e.g. an https or ipfs URI); may be empty; event only.
    /// @return id The distribution's number.
    function createDistribution(
        address token,
        address paymentToken,
        bytes32 root,
        uint256 total,
        uint64 recordDate,
        uint64 claimDeadline,
        string calldata uri
    ) external returns (uint256 id);

    /// @notice Claims leaf `index` of distribution `id`, the entitlement of `identity`: pays `amount` payment-token
    /// base units to the caller, who must be a wallet the identity registry has on record for `identity`.
    /// @dev Emits `Claimed`. Reverts with `UnknownDistribution`, `ClaimsPaused`, `ClaimPeriodOver` (after the
    /// deadline, and so after a reclaim), `AlreadyClaimed`, `InvalidProof`, `WalletNotOfIdentity`,
    /// `ExceedsRemaining`, or the payment token's error.
    /// @param id The distribution.
    /// @param index The leaf's index.
    /// @param identity The investor's ONCHAINID identity in the leaf.
    /// @param amount The leaf's net amount, payment-token base units.
    /// @param proof The leaf's Merkle proof.
    function claim(uint256 id, uint256 index, address identity, uint256 amount, bytes32[] calldata proof) external;

    /// @notice Pays many leaves of distribution `id` at once, each to a wallet of the leaf's identity (for small
    /// holder counts: investors need not claim). Leaves already paid (claimed meanwhile, or twice in the batch) are
    /// skipped, not refused, so a push never fails because an investor claimed first.
    /// @dev Caller must hold `Roles.CORPORATE_ACTIONS` on the distribution's token. Every other check of `claim`
    /// applies to each leaf, with `wallets[i]` in place of the caller, and any failing leaf reverts the whole batch.
    /// Emits `Claimed` per leaf paid. Reverts with `UnknownDistribution`, `CallerNotCorporateActions`,
    /// `BatchLengthMismatch`, `ClaimsPaused`, `ClaimPeriodOver`, `InvalidProof`, `WalletNotOfIdentity`,
    /// `ExceedsRemaining`, or the payment token's error.
    /// @param id The distribution.
    /// @param indexes The leaves' indexes.
    /// @param identities The leaves' identities.
    /// @param amounts The leaves' net amounts, payment-token base units.
    /// @param wallets For each leaf, the wallet to pay (registered to the leaf's identity).
    /// @param proofs For each leaf, its Merkle proof.
    /// @return paid The total paid by this call, payment-token base units.
    function pushBatch(
        uint256 id,
        uint256[] calldata indexes,
        address[] calldata identities,
        uint256[] calldata amounts,
        address[] calldata wallets,
        bytes32[][] calldata proofs
    ) external returns (uint256 paid);

    /// @notice After the claim deadline, takes back what is left of distribution `id` to the caller; later claims
    /// are refused.
    /// @dev Caller must hold `Roles.CORPORATE_ACTIONS` on the distribution's token, or be its creator. Emits
    /// `Reclaimed` (also when nothing is left). Reverts with `UnknownDistribution`, `CallerNotCorporateActions`,
    /// `ClaimPeriodNotOver`, `AlreadyReclaimed`, or the payment token's error.
    /// @param id The distribution.
    /// @return amount The amount taken back, payment-token base units.
    function reclaim(uint256 id) external returns (uint256 amount);

    /// @notice Suspends claims and pushes of distribution `id` (e.g. while a wrong root is investigated; the deadline
    /// still runs, and a reclaim after it is allowed).
    /// @dev Caller must hold `Roles.CORPORATE_ACTIONS` on the distribution's token. Emits `DistributionPaused`.
    /// Reverts with `UnknownDistribution`, `CallerNotCorporateActions`.
    /// @param id The distribution.
    function pause(uint256 id) external;

    /// @notice Resumes claims and pushes of distribution `id`.
    /// @dev Caller must hold `Roles.CORPORATE_ACTIONS` on the distribution's token. Emits `DistributionUnpaused`.
    /// Reverts with `UnknownDistribution`, `CallerNotCorporateActions`.
    /// @param id The distribution.
    function unpause(uint256 id) external;

    /// @notice The platform's TokenFactory: only its tokens are trusted.
    /// @return The factory.
    function tokenFactory() external view returns (address);

    /// @notice The number of distributions created (the last id; 0 when none).
    /// @return The count.
    function distributionCount() external view returns (uint256);

    /// @notice Distribution `id`.
    /// @dev Reverts with `UnknownDistribution`.
    /// @param id The distribution.
    /// @return The distribution.
    function distribution(uint256 id) external view returns (Distribution memory);

    /// @notice Whether leaf `index` of distribution `id` has been paid (claimed or pushed).
    /// @param id The distribution.
    /// @param index The leaf's index.
    /// @return True when paid.
    function isClaimed(uint256 id, uint256 index) external view returns (bool);

    /// @notice What distribution `id` still holds: funded minus paid minus reclaimed, payment-token base units
    /// (0 for an unknown id).
    /// @param id The distribution.
    /// @return The remaining amount.
    function remaining(uint256 id) external view returns (uint256);
}
