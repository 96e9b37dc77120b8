// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/// @notice The part of ONCHAINID's IdFactory (@onchain-id/solidity 2.2.1, `contracts/factory/IdFactory.sol`) this
/// contract calls.
interface IOnchainIdFactory {
    function createIdentity(address wallet, string memory salt) external returns (address);
    function getIdentity(address wallet) external view returns (address);
    function isSaltTaken(string calldata salt) external view returns (bool);
    function implementationAuthority() external view returns (address);
}

/// @notice The part of ONCHAINID's ImplementationAuthority this contract calls.
interface IOnchainIdImplementationAuthority {
    function updateImplementation(address newImplementation) external;
    function getImplementation() external view returns (address);
}

/// @title IdentityFactory
/// @notice Gives an investor the same ONCHAINID identity address on every chain: Tessera's gate to ONCHAINID's own
/// IdFactory (CREATE2 identity proxies: the address depends only on the IdFactory's address, its
/// ImplementationAuthority's address, the wallet and the salt). Deployed through the deterministic CREATE2 deployer
/// (0x4e59b44847b379578588920ca78fbf26c0b4956c) with the same owner and codes, it has the same address on every
/// chain, and so have the ImplementationAuthority and the IdFactory it creates (CREATE from this contract, nonces 1
/// and 2): `createIdentity(wallet, salt)` then gives the same identity address on each chain.
///
/// Why a gate: ONCHAINID's IdFactory lets only its owner create identities (`createIdentity` is `onlyOwner`; token
/// factories may only create token identities), and its owner is its deployer, which through the CREATE2 deployer
/// would be that deployer contract itself (nobody could ever call it). So this contract deploys the IdFactory and its
/// ImplementationAuthority and stays their owner, and lets create identities: its owner (the platform's deployer)
/// and the agents of the identity registries its owner trusts (`setRegistry`), i.e. the registry agents who register
/// investors. An identity created here has the investor's wallet as its only management key: the caller gets no
/// power over it.
/// @dev ONCHAINID's contracts are GPL-3.0 and compiled with solc 0.8.17: they are not compiled here, their published
/// creation codes (npm artifacts) are given to the constructor.
contract IdentityFactory is Ownable2Step {
    /// @notice Most trusted identity registries (bounds the gas of the caller check).
    uint256 public constant MAX_REGISTRIES = 8;

    /// @notice ONCHAINID's IdFactory, owned by this contract.
    IOnchainIdFactory public immutable idFactory;
    /// @notice ONCHAINID's ImplementationAuthority of the identities, owned by this contract.
    IOnchainIdImplementationAuthority public immutable implementationAuthority;

    address[] private _registries;

    /// @notice `identity` was created for `wallet` (its management key) with `salt`.
    event IdentityCreated(address indexed wallet, address indexed identity, string salt);
    /// @notice The owner trusted (or stopped trusting) the agents of `registry` to create identities.
    event RegistrySet(address indexed registry, bool trusted);

    /// @notice `caller` is neither the owner nor an agent of a trusted identity registry.
    error CallerNotIdentityCreator(address caller);
    /// @notice `wallet` already has `identity` at the IdFactory (one identity per wallet).
    error WalletHasIdentity(address wallet, address identity);
    /// @notice The salt is empty or already used at the IdFactory.
    error InvalidSalt(string salt);
    /// @notice The wallet is the zero address.
    error InvalidWallet(address wallet);
    /// @notice Already `max` trusted registries.
    error TooManyRegistries(uint256 max);
    /// @notice `registry` is zero, or already in (trusting) or not in (untrusting) the list.
    error InvalidRegistry(address registry);
    /// @notice A creation code given to the constructor did not deploy.
    error DeploymentFailed();

    /// @param owner_ The owner (the platform's deployer): trusts registries, creates identities.
    /// @param identityImplementation ONCHAINID's Identity deployed as a library (`Identity(key, true)`).
    /// @param implementationAuthorityCode The creation code of ONCHAINID's ImplementationAuthority (npm artifact).
    /// @param idFactoryCode The creation code of ONCHAINID's IdFactory (npm artifact).
    constructor(
        address owner_,
        address identityImplementation,
        bytes memory implementationAuthorityCode,
        bytes memory idFactoryCode
    ) Ownable(owner_) {
        address authority = _create(abi.encodePacked(implementationAuthorityCode, abi.encode(identityImplementation)));
        implementationAuthority = IOnchainIdImplementationAuthority(authority);
        idFactory = IOnchainIdFactory(_create(abi.encodePacked(idFactoryCode, abi.encode(authority))));
    }

    /// @notice Creates the ONCHAINID identity of `wallet` (its management key) at the address `salt` and `wallet`
    /// give on every chain.
    /// @dev The owner or an agent of a trusted registry. Reverts `CallerNotIdentityCreator`, `InvalidWallet`,
    /// `WalletHasIdentity`, `InvalidSalt`.
    /// @param wallet The investor's wallet, the identity's management key.
    /// @param salt Any non-empty text not used before at this factory (the SDK uses the wallet's address).
    /// @return identity The new identity.
    function createIdentity(address wallet, string calldata salt) external returns (address identity) {
        if (msg.sender != owner() && !isIdentityCreator(msg.sender)) revert CallerNotIdentityCreator(msg.sender);
        if (wallet == address(0)) revert InvalidWallet(wallet);
        address existing = idFactory.getIdentity(wallet);
        if (existing != address(0)) revert WalletHasIdentity(wallet, existing);
        if (bytes(salt).length == 0 || idFactory.isSaltTaken(string.concat("OID", salt))) revert InvalidSalt(salt);
        identity = idFactory.createIdentity(wallet, salt);
        emit IdentityCreated(wallet, identity, salt);
    }

    /// @notice The identity the IdFactory has for `wallet`, or zero.
    function identityOf(address wallet) external view returns (address) {
        return idFactory.getIdentity(wallet);
    }

    /// @notice Whether `account` is an agent of a trusted registry (the owner may create identities too).
    function isIdentityCreator(address account) public view returns (bool) {
        uint256 n = _registries.length;
        for (uint256 i; i < n; ++i) {
            if (IIdentityRegistry(_registries[i]).isAgent(account)) return true;
        }
        return false;
    }

    /// @notice Trusts (or stops trusting) the agents of `registry` to create identities. Owner only.
    /// @dev Reverts `OwnableUnauthorizedAccount`, `InvalidRegistry`, `TooManyRegistries`.
    function setRegistry(address registry, bool trusted) external onlyOwner {
        if (registry == address(0)) revert InvalidRegistry(registry);
        uint256 n = _registries.length;
        for (uint256 i; i < n; ++i) {
            if (_registries[i] == registry) {
                if (trusted) revert InvalidRegistry(registry);
                _registries[i] = _registries[n - 1];
                _registries.pop();
                emit RegistrySet(registry, false);
                return;
            }
        }
        if (!trusted) revert InvalidRegistry(registry);
        if (n >= MAX_REGISTRIES) revert TooManyRegistries(MAX_REGISTRIES);
        _registries.push(registry);
        emit RegistrySet(registry, true);
    }

    /// @notice The trusted registries.
    function registries() external view returns (address[] memory) {
        return _registries;
    }

    /// @notice Points every identity of this factory to a new ONCHAINID implementation. Owner only.
    /// @dev Do it on every chain, or an identity behaves differently per chain.
    function updateIdentityImplementation(address implementation) external onlyOwner {
        implementationAuthority.updateImplementation(implementation);
    }

    function _create(bytes memory code) private returns (address a) {
        assembly ("memory-safe") {
            a := create(0, add(code, 0x20), mload(code))
        }
        if (a == address(0) || a.code.length == 0) revert DeploymentFailed();
    }
}
