// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC7575
/// @notice ERC-7575 (Multi-Asset ERC-4626 Vaults): the ERC-4626 vault methods and events without the ERC-20 surface
/// (ERC-7575 "Methods": a vault whose `share` is an external token does not implement ERC-20 itself), plus `share()`.
/// @dev Declared flat (not inheriting ERC-4626) so that `type(IERC7575).interfaceId` is the EIP's `0x2f0a18c5`
/// (ERC-7540 "ERC-165 support"). Modelled on OpenZeppelin community-contracts' IERC7575 (MIT) and ERC-4626.
interface IERC7575 {
    /// @notice ERC-4626 `Deposit`. ERC-7540: `sender` is the request's controller and `owner` the receiver of the
    /// shares. `assets` in asset base units, `shares` in share base units.
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);

    /// @notice ERC-4626 `Withdraw`: `sender` called, `receiver` got `assets` (asset base units), `owner` (ERC-7540:
    /// the controller) gave up `shares` (share base units).
    event Withdraw(
        address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares
    );

    /// @notice The ERC-20 the vault takes and pays out (the payment token). ERC-4626 `asset`.
    function asset() external view returns (address assetTokenAddress);

    /// @notice ERC-7575 `share`: the token whose balance entry functions increase and exit functions decrease (here
    /// the asset's Tessera token, an external ERC-20).
    function share() external view returns (address shareTokenAddress);

    /// @notice ERC-4626 `totalAssets`, in asset base units.
    function totalAssets() external view returns (uint256 totalManagedAssets);

    /// @notice ERC-4626 `convertToShares`: share base units for `assets` asset base units at the current rate.
    function convertToShares(uint256 assets) external view returns (uint256 shares);

    /// @notice ERC-4626 `convertToAssets`: asset base units for `shares` share base units at the current rate.
    function convertToAssets(uint256 shares) external view returns (uint256 assets);

    /// @notice ERC-4626 `maxDeposit` (ERC-7540: the controller's claimable assets).
    function maxDeposit(address receiver) external view returns (uint256 maxAssets);

    /// @notice ERC-4626 `previewDeposit` (ERC-7540: reverts for an asynchronous deposit flow).
    function previewDeposit(uint256 assets) external view returns (uint256 shares);

    /// @notice ERC-4626 `deposit` (ERC-7540: claims with `msg.sender` as controller).
    function deposit(uint256 assets, address receiver) external returns (uint256 shares);

    /// @notice ERC-4626 `maxMint` (ERC-7540: the controller's claimable shares).
    function maxMint(address receiver) external view returns (uint256 maxShares);

    /// @notice ERC-4626 `previewMint` (ERC-7540: reverts for an asynchronous deposit flow).
    function previewMint(uint256 shares) external view returns (uint256 assets);

    /// @notice ERC-4626 `mint` (ERC-7540: claims with `msg.sender` as controller).
    function mint(uint256 shares, address receiver) external returns (uint256 assets);

    /// @notice ERC-4626 `maxWithdraw` (ERC-7540: the controller's claimable assets of redemptions).
    function maxWithdraw(address owner) external view returns (uint256 maxAssets);

    /// @notice ERC-4626 `previewWithdraw` (ERC-7540: reverts for an asynchronous redeem flow).
    function previewWithdraw(uint256 assets) external view returns (uint256 shares);

    /// @notice ERC-4626 `withdraw`; ERC-7540 renames `owner` to `controller`.
    function withdraw(uint256 assets, address receiver, address owner) external returns (uint256 shares);

    /// @notice ERC-4626 `maxRedeem` (ERC-7540: the controller's claimable shares of redemptions).
    function maxRedeem(address owner) external view returns (uint256 maxShares);

    /// @notice ERC-4626 `previewRedeem` (ERC-7540: reverts for an asynchronous redeem flow).
    function previewRedeem(uint256 shares) external view returns (uint256 assets);

    /// @notice ERC-4626 `redeem`; ERC-7540 renames `owner` to `controller`.
    function redeem(uint256 shares, address receiver, address owner) external returns (uint256 assets);
}
