// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/// @notice The part of ONCHAINID's IdFactory (@onchain-id/solidity 2.2.1, `contracts/factory/IdFactory.sol`) this
/// contract calls.
interface IOnchainIdFactory {
    function createIdentityWithManagementKeys(address wallet, string memory salt, bytes32[] memory managementKeys)
        external
        returns (address);
    function getIdentity(address wallet) external view returns (address);
    function isSaltTaken(string calldata salt) external view returns (bool);
    function implementationAuthority() external view returns (address);
}

/// @notice The part of ONCHAINID's Identity (ERC-734 key holder) this contract calls.
interface IOnchainIdKeys {
    function addKey(bytes32 key, uint256 purpose, uint256 keyType) external returns (bool);
    function removeKey(bytes32 key, uint256 purpose) external returns (bool);
}

/// @notice The part of ONCHAINID's ImplementationAuthority this contract calls.
interface IOnchainIdImplementationAuthority {
    function updateImplementation(address newImplementation) external;
    function getImplementation() external view returns (address);
}

/// @title IdentityFactory
/// @notice Gives an investor the same ONCHAINID identity address on every chain: Tessera's gate to ONCHAINID's own
/// IdFactory. Deployed through the deterministic CREATE2 deployer (0x4e59b44847b379578588920ca78fbf26c0b4956c) with the
/// same owner and codes, it has the same address on every chain, and so have the ImplementationAuthority and the
/// IdFactory it creates (CREATE from this contract, nonces 1 and 2). Identities are created with the IdFactory's
/// `createIdentityWithManagementKeys`: a CREATE2 IdentityProxy whose constructor key is the IdFactory itself, so the
/// identity's address depends only on the IdFactory, its ImplementationAuthority and the salt: the same salt gives the
/// same identity address on every chain. The salt must be the wallet's own address in lower-case hex
/// (`Strings.toHexString(wallet)`, what the SDK sends), so a wallet's identity address is fixed by the wallet alone and
/// no creator can take it for another wallet.
///
/// Why a gate: ONCHAINID's IdFactory lets only its owner create identities (`createIdentity` and
/// `createIdentityWithManagementKeys` are `onlyOwner`; token factories may only create token identities), and its owner
/// is its deployer, which through the CREATE2 deployer would be that deployer contract itself (nobody could ever call
/// it). So this contract deploys the IdFactory and its ImplementationAuthority and stays their owner, and lets create
/// identities: its owner (the platform's deployer) and the agents of the identity registries its owner trusts
/// (`setRegistry`), i.e. the registry agents who register investors.
///
/// Keys of a created identity (ERC-734): the investor's wallet is its only MANAGEMENT key (purpose 1); the creating
/// caller (a registry agent, e.g. the compliance officer, or the owner) holds a CLAIM key (purpose 3), so it can add
/// the KYC claim (ERC-735 `addClaim`, checked against the claim issuer's signature as always) without ever managing the
/// identity. Trust consequence: besides the investor, the creating agent can add and remove claims on the identity (a
/// claim only counts for a registry when its issuer is trusted there and its signature is valid); the investor, as
/// management key, can remove that claim key at any time (`removeKey(keccak256(abi.encode(agent)), 3)`), after which
/// only the investor adds claims. This contract holds no key afterwards: IdFactory makes it the only management key
/// (IdFactory refuses the wallet in that list), it adds the wallet and the caller's claim key, then removes its own key,
/// all in the same transaction.
/// @dev ONCHAINID's contracts are GPL-3.0 and compiled with solc 0.8.17: they are not compiled here, their published
/// creation codes (npm artifacts) are given to the constructor.
contract IdentityFactory is Ownable2Step {
    /// @notice Most trusted identity registries (bounds the gas of the caller check).
    uint256 public constant MAX_REGISTRIES = 8;
    /// @notice ERC-734 key purposes and type used here.
    uint256 public constant MANAGEMENT_KEY = 1;
    uint256 public constant CLAIM_KEY = 3;
    uint256 public constant ECDSA_KEY_TYPE = 1;

    /// @notice ONCHAINID's IdFactory, owned by this contract.
    IOnchainIdFactory public immutable idFactory;
    /// @notice ONCHAINID's ImplementationAuthority of the identities, owned by this contract.
    IOnchainIdImplementationAuthority public immutable implementationAuthority;

    address[] private _registries;

    /// @notice `identity` was created for `wallet` (its management key) with `salt`; `claimKey` (the caller) holds a
    /// claim key on it.
    event IdentityCreated(address indexed wallet, address indexed identity, string salt, address claimKey);
    /// @notice The owner trusted (or stopped trusting) the agents of `registry` to create identities.
    event RegistrySet(address indexed registry, bool trusted);

    /// @notice `caller` is neither the owner nor an agent of a trusted identity registry.
    error CallerNotIdentityCreator(address caller);
    /// @notice `wallet` already has `identity` at the IdFactory (one identity per wallet).
    error WalletHasIdentity(address wallet, address identity);
    /// @notice The salt is empty or already used at the IdFactory.
    error InvalidSalt(string salt);
    /// @notice The wallet is the zero address, this contract or its IdFactory (none can be an investor's key).
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

    /// @notice Creates the ONCHAINID identity of `wallet` at the address `salt` gives on every chain: `wallet` is its
    /// only management key, the caller holds a claim key (to add the KYC claim; the investor can remove it).
    /// @dev The owner or an agent of a trusted registry. Reverts `CallerNotIdentityCreator`, `InvalidWallet`,
    /// `WalletHasIdentity`, `InvalidSalt` (not the wallet's lower-case hex address, or taken). A caller that is the
    /// wallet itself gets no separate claim key (a management key has every purpose).
    /// @param wallet The investor's wallet, the identity's management key.
    /// @param salt `wallet` in lower-case hex, "0x" and 40 digits (`Strings.toHexString(wallet)`); it alone fixes the
    /// address, so the same wallet gets the same address on every chain and no other wallet can be given it.
    /// @return identity The new identity.
    function createIdentity(address wallet, string calldata salt) external returns (address identity) {
        if (msg.sender != owner() && !isIdentityCreator(msg.sender)) revert CallerNotIdentityCreator(msg.sender);
        if (wallet == address(0) || wallet == address(this) || wallet == address(idFactory)) revert InvalidWallet(wallet);
        address existing = idFactory.getIdentity(wallet);
        if (existing != address(0)) revert WalletHasIdentity(wallet, existing);
        if (
            keccak256(bytes(salt)) != keccak256(bytes(Strings.toHexString(wallet)))
                || idFactory.isSaltTaken(string.concat("OID", salt))
        ) revert InvalidSalt(salt);
        bytes32 self = keccak256(abi.encode(address(this)));
        bytes32[] memory managers = new bytes32[](1);
        managers[0] = self;
        identity = idFactory.createIdentityWithManagementKeys(wallet, salt, managers);
        IOnchainIdKeys keys = IOnchainIdKeys(identity);
        keys.addKey(keccak256(abi.encode(wallet)), MANAGEMENT_KEY, ECDSA_KEY_TYPE);
        if (msg.sender != wallet) keys.addKey(keccak256(abi.encode(msg.sender)), CLAIM_KEY, ECDSA_KEY_TYPE);
        keys.removeKey(self, MANAGEMENT_KEY);
        emit IdentityCreated(wallet, identity, salt, msg.sender);
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
