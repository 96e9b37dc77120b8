// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC7887Deposit
/// @notice ERC-7887 (Cancelation for ERC-7540 Tokenized Vaults), deposit side. ERC-165 id `0x8bf840e3`.
interface IERC7887Deposit {
    /// @notice ERC-7887 `CancelDepositRequest`: cancelation of `controller`'s deposit Request `requestId` was
    /// requested by `sender`.
    event CancelDepositRequest(address indexed controller, uint256 indexed requestId, address sender);

    /// @notice ERC-7887 `CancelDepositClaim`: `controller`'s canceled `assets` (asset base units) were claimed by
    /// `sender` and sent to `receiver`.
    event CancelDepositClaim(
        address indexed controller, address indexed receiver, uint256 indexed requestId, address sender, uint256 assets
    );

    /// @notice ERC-7887 `cancelDepositRequest`: requests cancelation of `controller`'s Pending deposit Request.
    function cancelDepositRequest(uint256 requestId, address controller) external;

    /// @notice ERC-7887 `pendingCancelDepositRequest`: whether a deposit cancelation is Pending.
    function pendingCancelDepositRequest(uint256 requestId, address controller) external view returns (bool isPending);

    /// @notice ERC-7887 `claimableCancelDepositRequest`: asset base units Claimable after cancelation.
    function claimableCancelDepositRequest(uint256 requestId, address controller) external view returns (uint256 assets);

    /// @notice ERC-7887 `claimCancelDepositRequest`: sends `controller`'s canceled assets to `receiver`.
    function claimCancelDepositRequest(uint256 requestId, address receiver, address controller) external;
}

/// @title IERC7887Redeem
/// @notice ERC-7887 (Cancelation for ERC-7540 Tokenized Vaults), redeem side. ERC-165 id `0xe76cffc7`.
interface IERC7887Redeem {
    /// @notice ERC-7887 `CancelRedeemRequest`: cancelation of `controller`'s redeem Request `requestId` was
    /// requested by `sender`.
    event CancelRedeemRequest(address indexed controller, uint256 indexed requestId, address sender);

    /// @notice ERC-7887 `CancelRedeemClaim`: `controller`'s canceled `shares` (share base units) were claimed by
    /// `sender` for `receiver`.
    event CancelRedeemClaim(
        address indexed controller, address indexed receiver, uint256 indexed requestId, address sender, uint256 shares
    );

    /// @notice ERC-7887 `cancelRedeemRequest`: requests cancelation of `controller`'s Pending redeem Request.
    function cancelRedeemRequest(uint256 requestId, address controller) external;

    /// @notice ERC-7887 `pendingCancelRedeemRequest`: whether a redeem cancelation is Pending.
    function pendingCancelRedeemRequest(uint256 requestId, address controller) external view returns (bool isPending);

    /// @notice ERC-7887 `claimableCancelRedeemRequest`: share base units Claimable after cancelation.
    function claimableCancelRedeemRequest(uint256 requestId, address controller) external view returns (uint256 shares);

    /// @notice ERC-7887 `claimCancelRedeemRequest`: gives `owner`'s (the controller's) canceled shares to `receiver`.
    function claimCancelRedeemRequest(uint256 requestId, address receiver, address owner) external;
}
