// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITokenFactory
/// @notice Deploys a Tessera asset (a Token clone and its ModularCompliance clone) in one transaction.
interface ITokenFactory {
    /// @notice Parameters of a new asset. Zero (or an empty country list) turns a rule off.
    /// @param name ERC-20 name.
    /// @param symbol ERC-20 symbol.
    /// @param decimals Decimals, 0..18.
    /// @param assetClass 0 fund share, 1 bond, 2 equity, 3 real estate.
    /// @param allowedCountries ISO-3166 numeric recipient countries; empty = any country.
    /// @param maxHolders Maximum number of holding wallets; 0 = no limit.
    /// @param maxBalance Maximum balance per wallet in token base units; 0 = no limit.
    struct AssetParams {
        string name;
        string symbol;
        uint8 decimals;
        uint8 assetClass;
        uint16[] allowedCountries;
        uint256 maxHolders;
        uint256 maxBalance;
    }

    /// @notice A further module for `deployAssetWithModules`: added to the compliance, then called with each of
    /// `calls` through `callModuleFunction` (so the module sees the compliance as caller).
    /// @param module The module singleton.
    /// @param calls ABI-encoded configuration calls, e.g. `setTransferLimit(86400, 1e24)`.
    struct ModuleSetup {
        address module;
        bytes[] calls;
    }

    /// @notice Emitted once per deployed asset.
    event AssetDeployed(
        address indexed token,
        address indexed issuer,
        address compliance,
        address identityRegistry,
        string name,
        string symbol,
        uint8 decimals,
        uint8 assetClass
    );

    /// @notice Emitted once per deployed asset, after `AssetDeployed`: the asset's AccessManager, whose admin is the
    /// issuer and whose roles (`Roles`) open single agent powers on the token and the compliance.
    event AccessManagerDeployed(address indexed token, address accessManager);

    /// @notice The name or the symbol is empty.
    error EmptyNameOrSymbol();
    /// @notice A constructor address is zero.
    error InvalidAddress(address value);

    /// @notice Deploys a token, its compliance and its AccessManager, configures the compliance modules from `params`,
    /// and makes the caller owner and agent of the token, owner of the compliance and admin of the AccessManager.
    /// @dev Reverts with `EmptyNameOrSymbol`, `DecimalsOutOfRange` or `InvalidAssetClass` (from the token).
    /// @param params The asset parameters.
    /// @return token The token clone.
    /// @return compliance The compliance clone.
    function deployAsset(AssetParams calldata params) external returns (address token, address compliance);

    /// @notice `deployAsset`, then adds and configures further modules in the same transaction, before the issuer
    /// receives the compliance: a whole suite (e.g. lock-up, transfer limit, supply cap) in one transaction.
    /// @dev Reverts as `deployAsset`, as `addModule` (`ModuleAlreadyAdded`, `ModuleLimitReached`, `InvalidAddress`)
    /// or with a module's configuration error.
    /// @param params The asset parameters.
    /// @param modules Further modules and their configuration calls, in check order after the `params` rules.
    /// @return token The token clone.
    /// @return compliance The compliance clone.
    function deployAssetWithModules(AssetParams calldata params, ModuleSetup[] calldata modules)
        external
        returns (address token, address compliance);

    /// @notice Whether this factory deployed `token` (the identity registry trusts such tokens' `recoveryAddress`
    /// to move a wallet's registration, see `IIdentityRegistry.recoverWallet`).
    /// @param token Any address.
    /// @return True for a token clone deployed by this factory.
    function isToken(address token) external view returns (bool);

    /// @notice The shared identity registry given to every token.
    function identityRegistry() external view returns (address);
    /// @notice The Token implementation cloned per asset.
    function tokenImplementation() external view returns (address);
    /// @notice The ModularCompliance implementation cloned per asset.
    function complianceImplementation() external view returns (address);
    /// @notice The CountryAllowModule singleton.
    function countryAllowModule() external view returns (address);
    /// @notice The MaxHoldersModule singleton.
    function maxHoldersModule() external view returns (address);
    /// @notice The MaxBalanceModule singleton.
    function maxBalanceModule() external view returns (address);
    /// @notice The OpenZeppelin AccessManagerUpgradeable implementation cloned per asset.
    function accessManagerImplementation() external view returns (address);
}
