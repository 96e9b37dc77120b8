// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {IManaged} from "../interfaces/IManaged.sol";
import {ITesseraVault} from "../interfaces/ITesseraVault.sol";
import {Roles} from "../libraries/Roles.sol";
import {TesseraVault} from "../vault/TesseraVault.sol";

/// @title VaultFactory
/// @notice Deploys an asset's ERC-7540 subscription and redemption vault (`TesseraVault`), one per asset, for the
/// asset's issuer, and says which vaults the platform deployed: the indexer follows the vaults of `VaultDeployed`, and
/// the apps trust a vault only when `isVault` says so (a role counts only on contracts the platform deployed).
/// @dev The vault works once the issuer grants it role SUPPLY on the asset's AccessManager (mint at claims, burn at
/// redemption fulfilments) and allows it as a locker (`ITokenLock.setLocker(vault, true)`, redemption locks); the
/// fund's accounts need FUND_ADMIN, NAV_AGENT and NAV_APPROVER (`Roles`). The vault's first NAV is recorded with this
/// factory as its proposer.
contract VaultFactory {
    /// @notice The platform's TokenFactory: only its tokens get a vault.
    address public immutable tokenFactory;

    mapping(address token => address vault) private _vaultOf;
    mapping(address vault => bool) private _isVault;

    /// @notice `deployer` (the asset's issuer) deployed `vault` for `token`, dealing in `paymentToken`.
    event VaultDeployed(address indexed token, address indexed vault, address indexed paymentToken, address deployer);

    /// @notice An address argument is zero.
    error InvalidAddress(address value);
    /// @notice `token` was not deployed by the platform's TokenFactory.
    error UnknownToken(address token);
    /// @notice `caller` is neither the owner of `token` nor an ADMIN of its AccessManager.
    error NotIssuer(address caller, address token);
    /// @notice `token` has a vault already (`vault`): one vault per asset.
    error VaultExists(address token, address vault);

    /// @param tokenFactory_ The platform's TokenFactory. Reverts with `InvalidAddress` when zero.
    constructor(address tokenFactory_) {
        if (tokenFactory_ == address(0)) revert InvalidAddress(tokenFactory_);
        tokenFactory = tokenFactory_;
    }

    /// @notice Deploys `token`'s vault (see `TesseraVault`'s constructor for the arguments' units: NAV per share in
    /// payment-token base units per whole share, dates in unix seconds, minimums in payment-token and share base units,
    /// the NAV move limit in basis points).
    /// @dev The caller must be the token's owner or hold ADMIN (role 0) on its AccessManager without delay. Emits
    /// `VaultDeployed`. Reverts with `UnknownToken`, `NotIssuer`, `VaultExists`, or the vault's constructor errors.
    /// @return vault The new vault.
    function deployVault(
        address token,
        address paymentToken,
        uint256 initialNav,
        uint256 initialValuationDate,
        ITesseraVault.DealingTerms calldata terms,
        uint256 navMoveLimitBps,
        address treasury
    ) external returns (address vault) {
        if (!ITokenFactory(tokenFactory).isToken(token)) revert UnknownToken(token);
        if (msg.sender != OwnableUpgradeable(token).owner()) {
            (bool admin, uint32 delay) = IAccessManager(IManaged(token).authority()).hasRole(Roles.ADMIN, msg.sender);
            if (!admin || delay != 0) revert NotIssuer(msg.sender, token);
        }
        address existing = _vaultOf[token];
        if (existing != address(0)) revert VaultExists(token, existing);
        vault = address(
            new TesseraVault(
                tokenFactory, token, paymentToken, initialNav, initialValuationDate, terms, navMoveLimitBps, treasury
            )
        );
        _vaultOf[token] = vault;
        _isVault[vault] = true;
        emit VaultDeployed(token, vault, paymentToken, msg.sender);
    }

    /// @notice The vault this factory deployed for `token`, or zero.
    function vaultOf(address token) external view returns (address) {
        return _vaultOf[token];
    }

    /// @notice Whether this factory deployed `vault`.
    function isVault(address vault) external view returns (bool) {
        return _isVault[vault];
    }
}
