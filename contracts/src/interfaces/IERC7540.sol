// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC7540Operator
/// @notice ERC-7540 operators: an operator may manage a controller's Requests (request, cancel, claim) on its behalf.
/// ERC-165 id `0xe3bc4e65`. Modelled on OpenZeppelin community-contracts' IERC7540 (MIT).
interface IERC7540Operator {
    /// @notice ERC-7540 `OperatorSet`: `controller` set `operator`'s status to `approved`.
    event OperatorSet(address indexed controller, address indexed operator, bool approved);

    /// @notice ERC-7540 `setOperator`: approves or revokes `operator` for the caller's Requests. Emits `OperatorSet`.
    /// @return success Always true.
    function setOperator(address operator, bool approved) external returns (bool success);

    /// @notice ERC-7540 `isOperator`: whether `operator` may act for `controller`.
    function isOperator(address controller, address operator) external view returns (bool status);
}

/// @title IERC7540Deposit
/// @notice ERC-7540 asynchronous deposit: `requestDeposit`, its Pending and Claimable views, and the claim overloads
/// `deposit`/`mint` with a `controller`. ERC-165 id `0xce3bbe50`.
interface IERC7540Deposit {
    /// @notice ERC-7540 `DepositRequest`: `owner` locked `assets` (asset base units) in the vault for a deposit
    /// Request `requestId` controlled by `controller`; `sender` called `requestDeposit`.
    event DepositRequest(
        address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 assets
    );

    /// @notice ERC-7540 `requestDeposit`: transfers `assets` asset base units from `owner` into the vault and submits
    /// a Request for `controller`. `owner` must be `msg.sender` or have approved it as operator.
    /// @return requestId The Request's id (with the controller, it discriminates the Request).
    function requestDeposit(uint256 assets, address controller, address owner) external returns (uint256 requestId);

    /// @notice ERC-7540 `pendingDepositRequest`: asset base units Pending for `controller`.
    function pendingDepositRequest(uint256 requestId, address controller) external view returns (uint256 assets);

    /// @notice ERC-7540 `claimableDepositRequest`: asset base units Claimable by `controller`.
    function claimableDepositRequest(uint256 requestId, address controller) external view returns (uint256 assets);

    /// @notice ERC-7540 `deposit` overload: claims `assets` of `controller`'s Claimable deposit, shares to
    /// `receiver`. Emits ERC-4626 `Deposit(controller, receiver, assets, shares)`.
    function deposit(uint256 assets, address receiver, address controller) external returns (uint256 shares);

    /// @notice ERC-7540 `mint` overload: claims exactly `shares` of `controller`'s Claimable deposit for `receiver`.
    /// Emits ERC-4626 `Deposit(controller, receiver, assets, shares)`.
    function mint(uint256 shares, address receiver, address controller) external returns (uint256 assets);
}

/// @title IERC7540Redeem
/// @notice ERC-7540 asynchronous redemption: `requestRedeem` and its Pending and Claimable views; claims through the
/// ERC-4626 `redeem`/`withdraw` with `owner` read as controller. ERC-165 id `0x620ee8e4`.
interface IERC7540Redeem {
    /// @notice ERC-7540 `RedeemRequest`: `sender` locked `shares` (share base units) of `owner` for a redemption
    /// Request `requestId` controlled by `controller`.
    event RedeemRequest(
        address indexed controller, address indexed owner, uint256 indexed requestId, address sender, uint256 shares
    );

    /// @notice ERC-7540 `requestRedeem`: assumes control of `shares` share base units of `owner` and submits a
    /// Request for `controller`.
    /// @return requestId The Request's id.
    function requestRedeem(uint256 shares, address controller, address owner) external returns (uint256 requestId);

    /// @notice ERC-7540 `pendingRedeemRequest`: share base units Pending for `controller`.
    function pendingRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);

    /// @notice ERC-7540 `claimableRedeemRequest`: share base units Claimable by `controller`.
    function claimableRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);
}
